package io.falcocorrelator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code replay} output is a function of its input: the same file gives the same bytes, and alerts
 * with the same event time give the same composites (ids included) in any arrival order, since
 * evidence ties are broken by content and processing time is the recording's event time.
 */
class ReplayReproducibleTest {
  private static final Path FIXTURE = Path.of("test-fixtures/replay/same-time-evidence.ndjson");

  private static byte[] replay(Path file) throws Exception {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(Main.run("replay", file.toString())).isZero();
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .as("every alert is its own evidence")
        .contains("duplicate=0");
    return out.toByteArray();
  }

  /** Every order of the lines that keeps lines of different event times in file order. */
  private static List<List<String>> orders(List<String> lines) {
    Map<String, List<String>> byTime = new LinkedHashMap<>();
    JsonMapper json = JsonMapper.builder().build();
    for (String l : lines) {
      byTime
          .computeIfAbsent(json.readTree(l).path("time").asString(), t -> new ArrayList<>())
          .add(l);
    }
    List<List<String>> out = List.of(List.of());
    for (List<String> tie : byTime.values()) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : out) {
        for (List<String> p : permutations(tie)) {
          List<String> l = new ArrayList<>(prefix);
          l.addAll(p);
          next.add(l);
        }
      }
      out = next;
    }
    return out;
  }

  private static List<List<String>> permutations(List<String> items) {
    if (items.size() <= 1) {
      return List.of(items);
    }
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<String> rest = new ArrayList<>(items);
      String head = rest.remove(i);
      for (List<String> p : permutations(rest)) {
        List<String> l = new ArrayList<>();
        l.add(head);
        l.addAll(p);
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void theSameFileReplaysToTheSameBytes() throws Exception {
    byte[] first = replay(FIXTURE);
    assertThat(new String(first, StandardCharsets.UTF_8))
        .contains("\"case\":\"Kernel Module Container Escape\"")
        .contains("\"detected_at\":\"2026-02-17T03:18:16.248896600Z\"");
    assertThat(replay(FIXTURE)).isEqualTo(first);
  }

  /**
   * Evidence that ties before the case completes is ordered by content: the bytes are the same.
   * When the completing alerts tie, the first to arrive completes the case and is its evidence (the
   * other arrives after the composite is out), but the id, from the first evidence, is the same.
   */
  @Test
  void alertsWithTheSameEventTimeGiveTheSameCompositesInAnyArrivalOrder(@TempDir Path dir)
      throws Exception {
    byte[] expected = replay(FIXTURE);
    String expectedId = ids(expected);
    List<String> lines = Files.readAllLines(FIXTURE);
    List<String> completing = lines.subList(lines.size() - 2, lines.size());
    List<List<String>> orders = orders(lines);
    assertThat(orders).hasSize(3 * 2 * 1 * 2);
    int n = 0;
    for (List<String> order : orders) {
      Path shuffled = Files.write(dir.resolve("order-" + n + ".ndjson"), order);
      byte[] got = replay(shuffled);
      assertThat(ids(got)).as("order %s", n).isEqualTo(expectedId);
      if (order.subList(order.size() - 2, order.size()).equals(completing)) {
        assertThat(new String(got, StandardCharsets.UTF_8))
            .as("order %s", n)
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      }
      n++;
    }
  }

  private static String ids(byte[] replayOutput) {
    JsonMapper json = JsonMapper.builder().build();
    StringBuilder ids = new StringBuilder();
    for (String line : new String(replayOutput, StandardCharsets.UTF_8).split("\n")) {
      ids.append(json.readTree(line).path("id").asString()).append(' ');
    }
    return ids.toString();
  }
}
