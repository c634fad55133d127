package io.falcocorrelator.rules;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.Mapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules in force as JSON ({@code GET /api/v1/rules}, the console's rules page): every mapping,
 * exception and case with its {@code file} and {@code line}, each entry's hits since start, the
 * entries that never matched, and the last reload's result.
 */
public final class RulesCatalog {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  static final String EMBEDDED_ORIGIN = "embedded defaults";

  private RulesCatalog() {}

  public static ObjectNode toJson(RuleSet set, Optional<ReloadStatus> lastReload) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("source", EMBEDDED_ORIGIN.equals(set.origin()) ? "embedded" : set.origin());
    o.put("loaded_at", set.loadedAt().toString());
    if (lastReload.isPresent()) {
      ReloadStatus r = lastReload.get();
      ObjectNode lr = o.putObject("last_reload");
      lr.put("ok", r.ok()).put("at", r.at().toString()).put("trigger", r.trigger());
      ArrayNode problems = lr.putArray("problems");
      r.problems().forEach(p -> problems.add(p.toString()));
    } else {
      o.putNull("last_reload");
    }
    Map<String, Long> hits = set.classifier().hits().byId();
    entries(o.putArray("mappings"), set.classifier().mappings(), hits);
    entries(o.putArray("exceptions"), set.classifier().exceptions(), hits);
    ArrayNode never = o.putArray("never_matched");
    hits.forEach(
        (id, n) -> {
          if (n == 0) {
            never.add(id);
          }
        });
    ArrayNode cases = o.putArray("cases");
    for (CaseDefinition c : set.cases().all()) {
      ObjectNode n = cases.addObject();
      n.put("id", c.id()).put("name", c.name()).put("severity", c.severity().label());
      location(n, set.caseOrigin(c.id()));
      ArrayNode groups = n.putArray("groups");
      c.groups().forEach(g -> groups.add(g.id()));
    }
    return o;
  }

  private static void entries(ArrayNode out, List<Mapping> mappings, Map<String, Long> hits) {
    for (Mapping m : mappings) {
      ObjectNode n = out.addObject();
      n.put("id", m.id());
      location(n, m.origin());
      ArrayNode groups = n.putArray("groups");
      m.groups().stream().map(ActivityGroup::id).forEach(groups::add);
      n.put("hits", hits.getOrDefault(m.id(), 0L));
      if (!m.description().isBlank()) {
        n.put("description", m.description().strip());
      }
    }
  }

  /** {@code file:line} as the two fields the API names. */
  private static void location(ObjectNode n, String origin) {
    int colon = origin.lastIndexOf(':');
    if (colon < 0) {
      n.put("file", origin).put("line", 0);
      return;
    }
    n.put("file", origin.substring(0, colon));
    try {
      n.put("line", Integer.parseInt(origin.substring(colon + 1)));
    } catch (NumberFormatException e) {
      n.put("line", 0);
    }
  }
}
