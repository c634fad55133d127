package io.falcocorrelator.output.pagerduty;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.correlate.codec.FieldJson;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.output.FindingContext;
import io.falcocorrelator.output.FindingText;
import io.falcocorrelator.output.IncidentStatus;
import io.falcocorrelator.output.Product;
import io.falcocorrelator.output.Text;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PagerDuty Events API v2 bodies. A detection is a {@code trigger} with {@code dedup_key} = the
 * incident's key (an escalation uses the key of the incident it escalates, so PagerDuty updates
 * that incident instead of opening another); an incident acknowledged, resolved or reopened in
 * falco-correlator is an {@code acknowledge}, {@code resolve} or {@code trigger} with the same key.
 * Severity: Critical → critical, High → error, Medium → warning. Pure.
 */
public final class PagerDutyPayloads {
  static final int MAX_SUMMARY = 1024;
  static final int MAX_EVIDENCE = 10;
  static final int MAX_VALUE = 1024;

  private PagerDutyPayloads() {}

  public static String severity(CompositeAlert a) {
    switch (a.severity()) {
      case CRITICAL:
        return "critical";
      case HIGH:
        return "error";
      default:
        return "warning";
    }
  }

  /** {@code trigger} for a detection and a reopened incident. */
  public static ObjectNode trigger(
      CompositeAlert a, String routingKey, String dedupKey, FindingContext context) {
    ObjectNode o = envelope(routingKey, "trigger", dedupKey);
    o.put("client", Product.NAME);
    context
        .link()
        .ifPresent(
            l -> {
              o.put("client_url", l);
              o.putArray("links")
                  .addObject()
                  .put("href", l)
                  .put("text", "Incident in falco-correlator");
            });
    ObjectNode p = o.putObject("payload");
    p.put("summary", Text.truncate(FindingText.summary(a), MAX_SUMMARY));
    p.put("source", a.key().hostname());
    p.put("severity", severity(a));
    p.put("timestamp", a.detectedAt().toString());
    p.put("component", FindingText.containerName(a));
    p.put(
        "group", a.info().k8sNamespace().isEmpty() ? a.key().hostname() : a.info().k8sNamespace());
    p.put("class", a.definition().id());
    p.set("custom_details", details(a, context));
    return o;
  }

  /** {@code acknowledge}, {@code resolve}, or {@code trigger} again for a reopened incident. */
  public static ObjectNode statusChange(
      CompositeAlert a,
      String routingKey,
      String dedupKey,
      IncidentStatus status,
      FindingContext context) {
    switch (status) {
      case ACKNOWLEDGED:
        return envelope(routingKey, "acknowledge", dedupKey);
      case RESOLVED:
        return envelope(routingKey, "resolve", dedupKey);
      default:
        return trigger(a, routingKey, dedupKey, context);
    }
  }

  private static ObjectNode envelope(String routingKey, String action, String dedupKey) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("routing_key", routingKey);
    o.put("event_action", action);
    o.put("dedup_key", dedupKey);
    return o;
  }

  private static ObjectNode details(CompositeAlert a, FindingContext context) {
    ObjectNode d = CompositeJson.MAPPER.createObjectNode();
    d.put("case", a.caseName());
    d.put("case_id", a.definition().id());
    d.put("severity", a.severity().label());
    d.put("composite_id", a.id());
    context.link().ifPresent(l -> d.put("link", l));
    d.set("context", CompositeJson.context(a.key(), a.info()));
    ArrayNode groups = d.putArray("groups");
    for (ActivityGroup g : a.groups()) {
      groups.add(g.id());
    }
    d.put("first_seen", a.firstSeen().toString());
    d.put("last_seen", a.lastSeen().toString());
    a.definition().mitre().forEach(d.putArray("mitre")::add);
    if (!a.escalatedFrom().isEmpty()) {
      d.put("escalated_from", a.escalatedFrom());
    }
    ArrayNode evidence = d.putArray("evidence");
    int shown = 0;
    for (Evidence e : a.evidence()) {
      if (shown++ == MAX_EVIDENCE) {
        d.put("evidence_not_shown", a.evidence().size() - MAX_EVIDENCE);
        break;
      }
      ObjectNode n = evidence.addObject();
      n.put("rule", e.rule());
      n.put("group", e.group().id());
      n.put("time", e.time().toString());
      n.put("priority", e.priority());
      Map<String, Object> fields = new LinkedHashMap<>();
      e.fields()
          .forEach(
              (k, v) ->
                  fields.put(k, v instanceof String ? Text.truncate((String) v, MAX_VALUE) : v));
      n.set("output_fields", FieldJson.object(fields));
    }
    a.definition().triage().forEach(d.putArray("triage")::add);
    return d;
  }
}
