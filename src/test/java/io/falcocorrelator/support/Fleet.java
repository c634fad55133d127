package io.falcocorrelator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many containers attacked the same way: a fixture scenario from {@code test-fixtures/scenarios}
 * replayed in another container (its container id and namespace replaced everywhere in each alert),
 * so one fixture yields as many independent incidents as a test needs.
 */
public final class Fleet {
  /** The container id each scenario's alerts use. */
  public static final Map<String, String> CONTAINER =
      Map.of(
          "kernel-module-escape", "7c3e9a1f4b2d",
          "namespace-breakout-with-evasion", "e5ca7e000001",
          "privileged-namespace-escape", "c0ffee123456");

  private Fleet() {}

  /**
   * The scenario's alerts as they would come from container {@code containerId} in namespace {@code
   * namespace}.
   */
  public static List<String> copy(String scenario, String containerId, String namespace) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(Scenarios.DIR.resolve(scenario + ".ndjson"))) {
        out.add(
            line.replace(CONTAINER.get(scenario), containerId).replace("monitoring", namespace));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 12-hex-digit container id, distinct per {@code n}. */
  public static String containerId(int n) {
    return String.format("%012x", 0xa0000000L + n);
  }
}
