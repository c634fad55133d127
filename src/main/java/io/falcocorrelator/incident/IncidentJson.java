package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.mapping.ActivityGroup;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The incidents API's JSON shapes (docs/http-api.md): the summary, the history, the relations.
 * Pure.
 */
public final class IncidentJson {
  private final Optional<String> publicUrl;

  /**
   * @param publicUrl {@code ui.public_url}, without a trailing slash; empty when not configured
   */
  public IncidentJson(Optional<String> publicUrl) {
    this.publicUrl = publicUrl.map(IncidentJson::trimSlash);
  }

  /** The console page of an incident, or empty without {@code ui.public_url}. */
  public Optional<String> link(String id) {
    return publicUrl.map(u -> incidentLink(u, id));
  }

  /** {@code {public_url}/ui/incidents/{id}}: the link every output payload carries. */
  public static String incidentLink(String publicUrl, String id) {
    return trimSlash(publicUrl)
        + "/ui/incidents/"
        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public ObjectNode summary(Incident i) {
    CompositeAlert c = i.composite();
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("id", c.id());
    o.put("case", c.caseName());
    o.put("case_id", c.definition().id());
    o.put("severity", c.severity().label());
    o.put("status", i.status().id());
    o.put("resolution", i.resolution() == null ? null : i.resolution().id());
    o.put("created_at", i.createdAt().toString());
    o.put("updated_at", i.updatedAt().toString());
    o.put("first_seen", c.firstSeen().toString());
    o.put("last_seen", c.lastSeen().toString());
    o.set("context", CompositeJson.context(c.key(), c.info()));
    ArrayNode groups = o.putArray("groups");
    for (ActivityGroup g : c.groups()) {
      groups.add(g.id());
    }
    o.put("evidence_count", i.evidenceCount());
    o.put("escalated_from", c.escalatedFrom().isEmpty() ? null : c.escalatedFrom());
    o.put("link", link(c.id()).orElse(null));
    return o;
  }

  public ArrayNode history(Incident i) {
    ArrayNode out = CompositeJson.MAPPER.createArrayNode();
    for (StatusChange h : i.history()) {
      ObjectNode e = out.addObject();
      e.put("status", h.status().id());
      e.put("resolution", h.resolution() == null ? null : h.resolution().id());
      e.put("note", h.note());
      e.put("principal", h.principal());
      e.put("at", h.at().toString());
    }
    return out;
  }

  /**
   * {@code escalated_from}: the incident this one escalates; {@code escalated_to}: incidents that
   * escalate this one; {@code folded}: less severe cases folded into this incident (their id is
   * this incident's: a folded case has no composite of its own).
   */
  public ArrayNode related(Incident i, IncidentStore store) {
    ArrayNode out = CompositeJson.MAPPER.createArrayNode();
    CompositeAlert c = i.composite();
    if (!c.escalatedFrom().isEmpty()) {
      Optional<Incident> from = store.get(c.escalatedFrom());
      relation(
          out,
          c.escalatedFrom(),
          "escalated_from",
          from.map(f -> f.composite().caseName()).orElse(null),
          from.map(f -> f.composite().severity()).orElse(null));
    }
    for (Incident to : store.escalationsOf(c.id())) {
      relation(out, to.id(), "escalated_to", to.composite().caseName(), to.composite().severity());
    }
    for (String caseId : c.relatedCases()) {
      relation(out, c.id(), "folded", caseId, null);
    }
    for (Fold f : i.folds()) {
      relation(out, c.id(), "folded", f.caseName(), f.severity());
    }
    return out;
  }

  private static void relation(
      ArrayNode out, String id, String relation, String caseName, Severity severity) {
    ObjectNode r = out.addObject();
    r.put("id", id);
    r.put("relation", relation);
    r.put("case", caseName);
    r.put("severity", severity == null ? null : severity.label());
  }

  /** {@code GET /api/v1/incidents/{id}}: summary, the full composite, history and relations. */
  public ObjectNode detail(Incident i, IncidentStore store) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.set("incident", summary(i));
    ObjectNode composite = CompositeJson.toJson(i.composite());
    link(i.id()).ifPresent(l -> composite.put("link", l));
    o.set("composite", composite);
    o.set("history", history(i));
    o.set("related", related(i, store));
    return o;
  }

  /** A page as {@code {"incidents", "next", "total", "counts"}}. */
  public ObjectNode page(IncidentPage page) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("incidents");
    for (Incident i : page.incidents()) {
      list.add(summary(i));
    }
    o.put("next", page.next());
    o.put("total", page.total());
    ObjectNode counts = o.putObject("counts");
    ObjectNode sev = counts.putObject("severity");
    for (Severity s : Severity.values()) {
      sev.put(s.label(), page.bySeverity().getOrDefault(s, 0));
    }
    ObjectNode st = counts.putObject("status");
    for (IncidentStatus s : IncidentStatus.values()) {
      st.put(s.id(), page.byStatus().getOrDefault(s, 0));
    }
    return o;
  }
}
