package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.correlate.codec.CompositeJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An incident's stored form: JSON with a format number, the triage state and the composite in its
 * public JSON shape ({@link CompositeJson}), so a stored incident stays readable across versions
 * and can be inspected with any JSON tool.
 */
final class IncidentCodec {
  static final int FORMAT = 1;

  private IncidentCodec() {}

  static byte[] encode(Incident i) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("format", FORMAT);
    o.put("seq", i.seq());
    o.put("version", i.version());
    o.put("status", i.status().id());
    o.put("resolution", i.resolution() == null ? null : i.resolution().id());
    o.put("created_at", i.createdAt().toString());
    o.put("updated_at", i.updatedAt().toString());
    ArrayNode history = o.putArray("history");
    for (StatusChange h : i.history()) {
      history
          .addObject()
          .put("status", h.status().id())
          .put("resolution", h.resolution() == null ? null : h.resolution().id())
          .put("note", h.note())
          .put("principal", h.principal())
          .put("at", h.at().toString());
    }
    ArrayNode folds = o.putArray("folds");
    for (Fold f : i.folds()) {
      folds
          .addObject()
          .put("case_id", f.caseId())
          .put("case", f.caseName())
          .put("severity", f.severity().label())
          .put("at", f.at().toString());
    }
    o.set("composite", CompositeJson.toJson(i.composite()));
    return CompositeJson.MAPPER.writeValueAsBytes(o);
  }

  /**
   * @throws IllegalArgumentException (or a Jackson exception) when the bytes are not a stored
   *     incident
   */
  static Incident decode(byte[] bytes) {
    JsonNode o = CompositeJson.MAPPER.readTree(bytes);
    if (o.path("format").asInt(0) != FORMAT) {
      throw new IllegalArgumentException("unknown incident format " + o.path("format"));
    }
    List<StatusChange> history = new ArrayList<>();
    for (JsonNode h : o.path("history")) {
      history.add(
          new StatusChange(
              status(h.path("status").asString()),
              resolution(h.path("resolution")),
              h.path("note").isString() ? h.path("note").asString() : null,
              h.path("principal").asString(),
              Instant.parse(h.path("at").asString())));
    }
    List<Fold> folds = new ArrayList<>();
    for (JsonNode f : o.path("folds")) {
      folds.add(
          new Fold(
              f.path("case_id").asString(),
              f.path("case").asString(),
              Severity.parse(f.path("severity").asString())
                  .orElseThrow(() -> new IllegalArgumentException("bad fold severity")),
              Instant.parse(f.path("at").asString())));
    }
    return new Incident(
        o.path("seq").asLong(),
        o.path("version").asLong(),
        CompositeJson.fromJson(o.path("composite")),
        status(o.path("status").asString()),
        resolution(o.path("resolution")),
        Instant.parse(o.path("created_at").asString()),
        Instant.parse(o.path("updated_at").asString()),
        history,
        folds);
  }

  private static IncidentStatus status(String s) {
    return IncidentStatus.parse(s)
        .orElseThrow(() -> new IllegalArgumentException("unknown status " + s));
  }

  private static Resolution resolution(JsonNode n) {
    return n.isString()
        ? Resolution.parse(n.asString())
            .orElseThrow(() -> new IllegalArgumentException("unknown resolution " + n))
        : null;
  }
}
