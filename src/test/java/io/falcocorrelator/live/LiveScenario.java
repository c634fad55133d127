package io.falcocorrelator.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One container of the live corpus ({@code test-fixtures/live/NAME.yaml}): the podman flags, the
 * script it runs, and the composites the correlator must raise for it under each {@code
 * rule_matching} setting (see the README there).
 */
record LiveScenario(
    String name,
    String description,
    boolean benign,
    List<String> podmanArgs,
    String script,
    List<String> composites,
    List<String> compositesFirst,
    List<String> requiredRules) {
  static final Path DIR = Path.of("test-fixtures", "live");

  /** The expected composites for one pass. */
  List<String> expected(RuleMatching pass) {
    return pass == RuleMatching.ALL ? composites : compositesFirst;
  }

  static List<LiveScenario> all() throws IOException {
    List<LiveScenario> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        out.add(load(p));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static LiveScenario load(Path file) throws IOException {
    Map<String, Object> doc =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
    try {
      return new LiveScenario(
          name,
          String.valueOf(doc.get("description")).strip(),
          Boolean.TRUE.equals(doc.get("benign")),
          List.copyOf((List<String>) doc.getOrDefault("podman_args", List.of())),
          String.valueOf(required(doc, "script")),
          describe((List<Map<String, Object>>) required(doc, "composites")),
          describe((List<Map<String, Object>>) required(doc, "composites_rule_matching_first")),
          List.copyOf((List<String>) doc.getOrDefault("required_rules", List.of())));
    } catch (ClassCastException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static Object required(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing key " + key);
    }
    return v;
  }

  /**
   * "Severity Case related=[...]": the same text {@link #describe(String, String, List)} builds
   * from a composite.
   */
  @SuppressWarnings("unchecked")
  private static List<String> describe(List<Map<String, Object>> composites) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> c : composites) {
      out.add(
          describe(
              String.valueOf(c.get("severity")),
              String.valueOf(c.get("case")),
              (List<String>) c.getOrDefault("related_cases", List.of())));
    }
    return List.copyOf(out);
  }

  static String describe(String severity, String caseName, List<String> related) {
    return severity + " " + caseName + " related=" + related.stream().sorted().toList();
  }

  @Override
  public String toString() {
    return name;
  }
}
