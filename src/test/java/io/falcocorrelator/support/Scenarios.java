package io.falcocorrelator.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scenario corpus in {@code test-fixtures/scenarios}: each {@code NAME.expected.json} names the
 * composites its alert stream ({@code NAME.ndjson} or {@code NAME.json}) must produce, in emission
 * order. One corpus, several drivers (the core, replay, the HTTP server).
 */
public final class Scenarios {
  public static final Path DIR = Path.of("test-fixtures", "scenarios");
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** One expected composite. */
  public record Expected(
      String caseName,
      String severity,
      String hostname,
      String containerId,
      boolean escalated,
      List<String> related) {
    @Override
    public String toString() {
      return severity
          + " "
          + caseName
          + " @"
          + hostname
          + "/"
          + containerId
          + (escalated ? " escalated" : "")
          + (related.isEmpty() ? "" : " related=" + related);
    }
  }

  public record Scenario(String name, String description, Path alerts, List<Expected> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static List<Scenario> all() throws IOException {
    List<Scenario> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".expected.json")).sorted().toList()) {
        String name = p.getFileName().toString().replace(".expected.json", "");
        Path alerts =
            Files.exists(DIR.resolve(name + ".ndjson"))
                ? DIR.resolve(name + ".ndjson")
                : DIR.resolve(name + ".json");
        JsonNode root = MAPPER.readTree(p.toFile());
        List<Expected> expected = new ArrayList<>();
        for (JsonNode c : root.path("composites")) {
          expected.add(
              fromJson(c, c.path("hostname").asString(), c.path("container_id").asString()));
        }
        out.add(new Scenario(name, root.path("description").asString(), alerts, expected));
      }
    }
    return out;
  }

  /** The same shape from a composite alert's JSON, for comparison. */
  public static Expected fromComposite(JsonNode composite) {
    JsonNode ctx = composite.path("context");
    Expected e =
        fromJson(composite, ctx.path("hostname").asString(), ctx.path("container_id").asString());
    return new Expected(
        e.caseName(),
        e.severity(),
        e.hostname(),
        e.containerId(),
        !composite.path("escalated_from").asString("").isEmpty(),
        e.related());
  }

  private static Expected fromJson(JsonNode c, String host, String container) {
    List<String> related = new ArrayList<>();
    c.path("related_cases").forEach(r -> related.add(r.asString()));
    return new Expected(
        c.path("case").asString(),
        c.path("severity").asString(),
        host,
        container,
        c.path("escalated").asBoolean(false),
        related);
  }

  /**
   * The composites the embedded rules produce from these alert lines, in emission order: what an
   * uninterrupted {@code serve} emits for them.
   */
  public static List<io.falcocorrelator.correlate.CompositeAlert> composites(List<String> alerts) {
    io.falcocorrelator.rules.RuleSet rules = io.falcocorrelator.rules.RulesLoader.embedded();
    io.falcocorrelator.correlate.ContextTable t =
        new io.falcocorrelator.correlate.ContextTable(
            rules.correlator(),
            rules.contextKeys(),
            java.time.Clock.systemUTC(),
            new io.falcocorrelator.correlate.CorrelationStats());
    io.falcocorrelator.event.AlertReader reader = new io.falcocorrelator.event.AlertReader();
    List<io.falcocorrelator.correlate.CompositeAlert> out = new ArrayList<>();
    for (String a : alerts) {
      io.falcocorrelator.event.FalcoAlert alert =
          reader.parseOne(a.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      t.process(alert, rules.classifier().classify(alert), out::add);
    }
    return out;
  }

  /** {@code case@container} of each composite an uninterrupted run produces. */
  public static java.util.Set<String> casesAt(List<String> alerts) {
    java.util.Set<String> out = new java.util.HashSet<>();
    composites(alerts).forEach(c -> out.add(c.caseName() + "@" + c.key().containerId()));
    return out;
  }

  /**
   * One line of each part in turn, until every part is used up: attacks interleaved as on a busy
   * node.
   */
  public static List<String> interleave(List<List<String>> parts) {
    List<String> out = new ArrayList<>();
    int total = parts.stream().mapToInt(List::size).sum();
    for (int i = 0; out.size() < total; i++) {
      for (List<String> p : parts) {
        if (i < p.size()) {
          out.add(p.get(i));
        }
      }
    }
    return out;
  }
}
