package io.falcocorrelator.ingest;

import io.falcocorrelator.correlate.ContextInfo;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.FiredCase;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code GET /api/v1/contexts/{hostname}/{containerId}} shows of one context: the public view,
 * not the storage format, so either can change without the other. Evidence is written as in
 * composites; storage internals (the schema version, fingerprints, the dedup memory) are not shown.
 *
 * @param evidence per group seen, in group order, oldest first
 * @param lastProcessedAt processing time of the last alert that changed the context (idle expiry
 *     counts from it)
 */
record ContextView(
    ContextKey key,
    ContextInfo info,
    Map<ActivityGroup, List<Evidence>> evidence,
    List<FiredCase> fired,
    Instant firstEventTime,
    Instant latestEventTime,
    Instant lastProcessedAt) {

  static ContextView of(ContextState s) {
    Map<ActivityGroup, List<Evidence>> evidence = new LinkedHashMap<>();
    for (ActivityGroup g : ActivityGroup.values()) {
      if (s.evidence().has(g)) {
        evidence.put(g, List.copyOf(s.evidence().of(g)));
      }
    }
    return new ContextView(
        s.key(),
        s.info(),
        evidence,
        List.copyOf(s.fired()),
        s.firstEventTime(),
        s.latestEventTime(),
        s.lastProcessedAt());
  }

  ObjectNode toJson() {
    ObjectNode o = Responses.MAPPER.createObjectNode();
    ObjectNode k = o.putObject("key");
    k.put("hostname", key.hostname());
    k.put("container_id", key.containerId());
    k.put("scope", key.scope());
    ObjectNode i = o.putObject("info");
    i.put("container_name", info.containerName());
    i.put("image", info.image());
    i.put("k8s_ns_name", info.k8sNamespace());
    i.put("k8s_pod_name", info.k8sPod());
    ArrayNode groups = o.putArray("groups_seen");
    ObjectNode byGroup = o.putObject("evidence");
    evidence.forEach(
        (g, list) -> {
          groups.add(g.id());
          ArrayNode a = byGroup.putArray(g.id());
          list.forEach(e -> a.add(CompositeJson.evidence(e)));
        });
    ArrayNode casesFired = o.putArray("cases_fired");
    ArrayNode firedCases = o.putArray("fired");
    for (FiredCase f : fired) {
      casesFired.add(f.caseId());
      ObjectNode n = firedCases.addObject();
      n.put("case_id", f.caseId());
      n.put("severity", f.severity().label());
      n.put("composite_id", f.compositeId());
      n.put("at", f.at().toString());
      n.put("folded", f.folded());
    }
    o.put("first_event_time", firstEventTime.toString());
    o.put("latest_event_time", latestEventTime.toString());
    o.put("last_processed_at", lastProcessedAt.toString());
    return o;
  }
}
