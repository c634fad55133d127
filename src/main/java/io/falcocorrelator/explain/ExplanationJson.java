package io.falcocorrelator.explain;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.Check;
import io.falcocorrelator.mapping.Explanation;
import io.falcocorrelator.mapping.GroupHit;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of {@code explain --json} and {@code POST /api/v1/explain} (documented in
 * docs/writing-mappings.md).
 */
public final class ExplanationJson {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private ExplanationJson() {}

  public static ObjectNode toJson(Explainer.Result result) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode alerts = root.putArray("alerts");
    result.alerts().forEach(a -> alerts.add(toJson(a)));
    ArrayNode errors = root.putArray("errors");
    result
        .errors()
        .forEach(
            e ->
                errors.add(
                    MAPPER
                        .createObjectNode()
                        .put("where", e.locator() + " " + e.position())
                        .put("field", e.field())
                        .put("reason", e.reason())));
    root.put("truncated", result.truncated());
    return root;
  }

  static ObjectNode toJson(AlertExplanation a) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("where", a.where());
    o.put("rule", a.alert().rule());
    o.put("priority", a.alert().priority().label());
    o.put("source", a.alert().source());
    o.put("time", a.alert().time().toString());
    if (a.context().isPresent()) {
      ContextKey k = a.context().get();
      ObjectNode ctx = o.putObject("context");
      ctx.put("hostname", k.hostname()).put("container_id", k.containerId());
      if (!k.scope().isEmpty()) {
        ctx.put("scope", k.scope());
      }
    } else {
      o.putNull("context");
    }
    o.put("no_context_reason", a.noContext().orElse(null));
    Explanation e = a.mappings();
    o.put("internal", e.internal());
    ArrayNode groups = o.putArray("groups");
    for (GroupHit h : e.groups()) {
      groups.add(
          MAPPER.createObjectNode().put("group", h.group().id()).put("mapping", h.mappingId()));
    }
    ArrayNode matched = o.putArray("matched");
    e.matched().forEach(v -> matched.add(verdict(v, "groups", false)));
    ArrayNode exceptions = o.putArray("exceptions");
    e.exceptions().forEach(v -> exceptions.add(verdict(v, "removed", false)));
    ArrayNode near = o.putArray("near_misses");
    e.nearMisses().forEach(v -> near.add(verdict(v, "groups", true)));
    return o;
  }

  private static ObjectNode verdict(
      Explanation.Verdicts v, String groupsKey, boolean withFailures) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", v.mapping().id());
    o.put("origin", v.mapping().origin());
    groups(o.putArray(groupsKey), v.groups());
    if (withFailures) {
      checks(o.putArray("failed"), v.verdict().failed());
    }
    checks(o.putArray("passed"), v.verdict().passed());
    return o;
  }

  private static void groups(ArrayNode out, List<ActivityGroup> groups) {
    groups.forEach(g -> out.add(g.id()));
  }

  private static void checks(ArrayNode out, List<Check> checks) {
    for (Check c : checks) {
      ObjectNode o = out.addObject();
      o.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
      o.put("subject", c.subject());
      o.put("condition", c.condition());
      o.put("actual", c.actual());
      if (!c.passed()) {
        o.put("reason", c.reason());
      }
    }
  }
}
