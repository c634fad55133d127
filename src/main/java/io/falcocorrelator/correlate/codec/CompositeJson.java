package io.falcocorrelator.correlate.codec;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextInfo;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The composite alert's JSON: one shape everywhere (replay's stdout, the HTTP API, every sink's
 * payload builder starts from it). Field names are a public interface: see docs/cases.md.
 */
public final class CompositeJson {
  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private CompositeJson() {}

  public static ObjectNode toJson(CompositeAlert a) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", a.id());
    o.put("case", a.caseName());
    o.put("case_id", a.definition().id());
    o.put("severity", a.severity().label());
    o.put("description", a.definition().description());
    o.set("context", context(a.key(), a.info()));
    ArrayNode groups = o.putArray("groups");
    for (ActivityGroup g : a.groups()) {
      groups.add(g.id());
    }
    ArrayNode evidence = o.putArray("evidence");
    for (Evidence e : a.evidence()) {
      evidence.add(evidence(e));
    }
    o.put("first_seen", a.firstSeen().toString());
    o.put("last_seen", a.lastSeen().toString());
    o.put("detected_at", a.detectedAt().toString());
    o.put("window", Durations.format(a.definition().window()));
    strings(o.putArray("mitre"), a.definition().mitre());
    strings(o.putArray("triage"), a.definition().triage());
    strings(o.putArray("related_cases"), a.relatedCases());
    o.put("escalated_from", a.escalatedFrom());
    o.put("source", "falco-correlator");
    return o;
  }

  /** One compact JSON line. */
  public static String toLine(CompositeAlert a) {
    return MAPPER.writeValueAsString(toJson(a));
  }

  public static ObjectNode context(ContextKey key, ContextInfo info) {
    ObjectNode c = MAPPER.createObjectNode();
    c.put("hostname", key.hostname());
    c.put("container_id", key.containerId());
    c.put("container_name", info.containerName());
    c.put("image", info.image());
    c.put("k8s_ns_name", info.k8sNamespace());
    c.put("k8s_pod_name", info.k8sPod());
    if (!key.scope().isEmpty()) {
      c.put("scope", key.scope());
    }
    return c;
  }

  public static ObjectNode evidence(Evidence e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("group", e.group().id());
    n.put("mapping", e.mappingId());
    n.put("rule", e.rule());
    n.put("time", e.time().toString());
    n.put("priority", e.priority());
    n.put("output", e.output());
    n.set("output_fields", FieldJson.object(e.fields()));
    return n;
  }

  /**
   * Reads a composite back from its JSON (the output spool, dead-letter files). Everything the
   * outputs use is in the JSON; evidence fingerprints, which only dedup needs, are not.
   */
  public static CompositeAlert fromJson(JsonNode o) {
    List<ActivityGroup> groups = new ArrayList<>();
    for (JsonNode g : o.path("groups")) {
      groups.add(
          ActivityGroup.fromId(g.asString())
              .orElseThrow(() -> new IllegalArgumentException("unknown group " + g)));
    }
    CaseDefinition definition =
        new CaseDefinition(
            o.path("case_id").asString(),
            o.path("case").asString(),
            Severity.parse(o.path("severity").asString())
                .orElseThrow(() -> new IllegalArgumentException("unknown severity")),
            groups,
            Durations.parse(o.path("window").asString("30m")).orElse(Duration.ofMinutes(30)),
            o.path("description").asString(""),
            texts(o.path("mitre")),
            texts(o.path("triage")));
    JsonNode c = o.path("context");
    ContextKey key =
        new ContextKey(
            c.path("hostname").asString(""),
            c.path("container_id").asString(""),
            c.path("scope").asString(""));
    ContextInfo info =
        new ContextInfo(
            c.path("container_name").asString(""),
            c.path("image").asString(""),
            c.path("k8s_ns_name").asString(""),
            c.path("k8s_pod_name").asString(""));
    List<Evidence> evidence = new ArrayList<>();
    for (JsonNode e : o.path("evidence")) {
      // Composites spooled by a version that wrote every value as text get their types back.
      Map<String, Object> fields = FieldJson.fields(e.path("output_fields"), true);
      evidence.add(
          new Evidence(
              ActivityGroup.fromId(e.path("group").asString())
                  .orElseThrow(() -> new IllegalArgumentException("unknown group")),
              e.path("mapping").asString(""),
              e.path("rule").asString(""),
              Instant.parse(e.path("time").asString()),
              e.path("priority").asString(""),
              e.path("output").asString(""),
              fields,
              0L));
    }
    return new CompositeAlert(
        o.path("id").asString(),
        definition,
        key,
        info,
        groups,
        evidence,
        Instant.parse(o.path("first_seen").asString()),
        Instant.parse(o.path("last_seen").asString()),
        texts(o.path("related_cases")),
        o.path("escalated_from").asString(""),
        Instant.parse(o.path("detected_at").asString()));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  private static void strings(ArrayNode array, List<String> values) {
    for (String v : values) {
      array.add(v);
    }
  }
}
