package io.falcocorrelator.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes what a live pass captured as a scenario fixture ({@code test-fixtures/scenarios/}): the
 * real alerts of the scenario containers in Falco's order, and the composites serve raised from
 * them in emission order, so the ordinary (non-root) scenario tests replay real Falco output.
 */
final class LiveRecording {
  private LiveRecording() {}

  static void write(
      RuleMatching pass,
      List<String> alerts,
      List<JsonNode> composites,
      Map<String, String> scenarioOf)
      throws Exception {
    String name = "live-falco-0.40-rule-matching-" + pass.value;
    Path dir = Path.of("test-fixtures", "scenarios");
    Files.write(dir.resolve(name + ".ndjson"), alerts);
    ObjectNode expected = LiveFalcoTest.MAPPER.createObjectNode();
    expected.put(
        "description",
        "Recorded by LiveFalcoTest (-Dlive.record=true): real alerts of Falco 0.40.0 (modern eBPF) with the kit of "
            + "falco-config/ as shipped and rule_matching: "
            + pass.value
            + ", for the containers of test-fixtures/live/: "
            + String.join(", ", scenarioOf.values())
            + ". Benign containers raise no composite.");
    ArrayNode out = expected.putArray("composites");
    for (JsonNode c : composites) {
      JsonNode ctx = c.path("context");
      if (!scenarioOf.containsKey(ctx.path("container_id").asString(""))) {
        continue;
      }
      ObjectNode e = out.addObject();
      e.put("case", c.path("case").asString());
      e.put("severity", c.path("severity").asString());
      e.put("hostname", ctx.path("hostname").asString());
      e.put("container_id", ctx.path("container_id").asString());
      e.put("scenario", scenarioOf.get(ctx.path("container_id").asString()));
      e.set("related_cases", c.path("related_cases"));
      if (!c.path("escalated_from").asString("").isEmpty()) {
        e.put("escalated", true);
      }
    }
    Files.writeString(
        dir.resolve(name + ".expected.json"),
        LiveFalcoTest.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n");
  }
}
