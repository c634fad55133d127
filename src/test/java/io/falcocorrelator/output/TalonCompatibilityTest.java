package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextInfo;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.falco.FalcoPayloads;
import io.falcocorrelator.rules.RulesLoader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * The Falco-shaped output is what Falco Talon's HTTP input decodes (its {@code Event}: output,
 * priority, rule, hostname, time, source, output_fields, tags) with the fields its Kubernetes
 * actionners read ({@code k8s.ns.name}, {@code k8s.pod.name}, {@code container.id}), and the
 * shipped falco-config/talon-rules.yaml, evaluated with Talon's match semantics (rule names,
 * priority comparator, source, output_fields conditions), fires on every Critical case and on
 * nothing else.
 */
class TalonCompatibilityTest {
  static final Path RULES = Path.of("falco-config/talon-rules.yaml");

  /** Talon's priority names, lowest first (its priority.go). */
  static final List<String> PRIORITIES =
      List.of(
          "debug", "informational", "notice", "warning", "error", "critical", "alert", "emergency");

  static CompositeAlert as(CaseDefinition c, String namespace) {
    CompositeAlert h = PayloadGoldenTest.HOSTILE;
    return new CompositeAlert(
        h.id(),
        c,
        h.key(),
        new ContextInfo("web", "ghcr.io/acme/web:1.0", namespace, "web-7d4b9c-x2x9z"),
        c.groups(),
        h.evidence(),
        h.firstSeen(),
        h.lastSeen(),
        List.of(),
        "",
        h.detectedAt());
  }

  @Test
  void theFalcoShapedPayloadIsATalonEventWithWhatItsActionnersNeed() {
    for (CaseDefinition c : RulesLoader.embedded().cases().all()) {
      JsonNode e =
          CompositeJson.MAPPER.readTree(
              CompositeJson.MAPPER.writeValueAsString(FalcoPayloads.build(as(c, "payments"))));
      assertThat(e.path("rule").asString()).isEqualTo(c.name());
      assertThat(PRIORITIES).contains(e.path("priority").asString().toLowerCase());
      assertThat(e.path("output").isString()).isTrue();
      assertThat(e.path("hostname").asString()).isNotEmpty();
      assertThat(e.path("source").asString()).isEqualTo("falco-correlator");
      // Go's time.Time decodes RFC 3339 with nanoseconds.
      assertThat(Instant.parse(e.path("time").asString())).isNotNull();
      assertThat(e.path("tags").isArray()).isTrue();
      JsonNode f = e.path("output_fields");
      assertThat(f.path("k8s.ns.name").asString()).isEqualTo("payments");
      assertThat(f.path("k8s.pod.name").asString()).isEqualTo("web-7d4b9c-x2x9z");
      assertThat(f.path("container.id").asString())
          .isEqualTo(PayloadGoldenTest.HOSTILE.key().containerId());
    }
  }

  @Test
  void theShippedTalonRulesTerminateOnlyCriticalComposites() throws Exception {
    List<Map<String, Object>> items;
    try (Reader r = Files.newBufferedReader(RULES)) {
      items = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    }
    Map<String, Object> rule =
        items.stream().filter(i -> i.containsKey("rule")).findFirst().orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> match = (Map<String, Object>) rule.get("match");
    @SuppressWarnings("unchecked")
    List<Map<String, String>> actions = (List<Map<String, String>>) rule.get("actions");
    List<String> declared =
        items.stream()
            .filter(i -> i.containsKey("action"))
            .map(i -> (String) i.get("action"))
            .toList();
    assertThat(actions)
        .extracting(a -> a.get("action"))
        .containsExactly("Label Pod as Compromised", "Terminate Pod")
        .allMatch(declared::contains);
    assertThat(
            items.stream()
                .filter(i -> i.containsKey("actionner"))
                .map(i -> (String) i.get("actionner")))
        .containsExactlyInAnyOrder("kubernetes:label", "kubernetes:terminate");
    for (CaseDefinition c : RulesLoader.embedded().cases().all()) {
      boolean critical = c.severity() == Severity.CRITICAL;
      assertThat(matches(match, FalcoPayloads.build(as(c, "payments"))))
          .as(c.name())
          .isEqualTo(critical);
      assertThat(matches(match, FalcoPayloads.build(as(c, "kube-system"))))
          .as(c.name() + " in kube-system")
          .isFalse();
    }
  }

  /**
   * Talon's rule matching: rule names, priority with its comparator, source, and output_fields
   * conditions.
   */
  @SuppressWarnings("unchecked")
  static boolean matches(Map<String, Object> match, JsonNode event) {
    List<String> rules = (List<String>) match.getOrDefault("rules", List.of());
    if (!rules.isEmpty() && !rules.contains(event.path("rule").asString())) {
      return false;
    }
    String source = (String) match.get("source");
    if (source != null && !source.equals(event.path("source").asString())) {
      return false;
    }
    String priority = (String) match.get("priority");
    if (priority != null) {
      String comparator = priority.replaceAll("[A-Za-z]", "");
      int wanted = PRIORITIES.indexOf(priority.replaceAll("[<>=]", "").toLowerCase());
      int actual = PRIORITIES.indexOf(event.path("priority").asString().toLowerCase());
      boolean ok =
          switch (comparator) {
            case ">=" -> actual >= wanted;
            case ">" -> actual > wanted;
            case "<=" -> actual <= wanted;
            case "<" -> actual < wanted;
            default -> actual == wanted;
          };
      if (!ok) {
        return false;
      }
    }
    // One list item is an AND of its comma-separated conditions; items are OR-ed.
    List<String> conditions = (List<String>) match.getOrDefault("output_fields", List.of());
    if (conditions.isEmpty()) {
      return true;
    }
    for (String item : conditions) {
      boolean all = true;
      for (String cond : item.split(",")) {
        String[] kv = cond.trim().split("!=|=", 2);
        String value = event.path("output_fields").path(kv[0].trim()).asString();
        all &= cond.contains("!=") ? !value.equals(kv[1].trim()) : value.equals(kv[1].trim());
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
