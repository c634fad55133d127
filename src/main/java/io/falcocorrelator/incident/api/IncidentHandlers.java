package io.falcocorrelator.incident.api;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.incident.BadParameter;
import io.falcocorrelator.incident.IncidentEvents;
import io.falcocorrelator.incident.IncidentException;
import io.falcocorrelator.incident.IncidentJson;
import io.falcocorrelator.incident.IncidentQuery;
import io.falcocorrelator.incident.IncidentService;
import io.falcocorrelator.incident.IncidentStatus;
import io.falcocorrelator.incident.Resolution;
import io.falcocorrelator.incident.Watchlist;
import io.falcocorrelator.incident.WatchlistView;
import io.falcocorrelator.ingest.ApiRoutes;
import io.falcocorrelator.ingest.Principals;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.yaml.Durations;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The incidents API (docs/http-api.md): thin handlers over {@link IncidentService}, {@link
 * IncidentEvents} and {@link WatchlistView}; every one behind the API's authentication. State
 * changes refuse cross-site use: a browser page elsewhere can send a form-encoded POST with the
 * analyst's cookies or Basic credentials, but not one with {@code Content-Type: application/json}
 * and a custom header, which need a CORS preflight this server never grants.
 */
public final class IncidentHandlers implements ApiRoutes {
  /** The custom header state-changing requests must carry (any non-empty value). */
  public static final String REQUESTED_BY = "X-Requested-By";

  static final int MAX_BODY = 16 * 1024;
  private final IncidentService incidents;
  private final IncidentJson json;
  private final IncidentEvents events;
  private final WatchlistView watchlist;

  public IncidentHandlers(
      IncidentService incidents,
      IncidentJson json,
      IncidentEvents events,
      WatchlistView watchlist) {
    this.incidents = incidents;
    this.json = json;
    this.events = events;
    this.watchlist = watchlist;
  }

  @Override
  public void addTo(RoutingHandler routes, UnaryOperator<HttpHandler> protectApi) {
    routes
        .get("/api/v1/incidents", protectApi.apply(this::list))
        .get("/api/v1/incidents/{id}", protectApi.apply(this::detail))
        .post("/api/v1/incidents/{id}/status", protectApi.apply(this::status))
        .get("/api/v1/events", protectApi.apply(events.handler()))
        .get("/api/v1/watchlist", protectApi.apply(this::watchlist));
  }

  /** {@code GET /api/v1/incidents}. */
  void list(HttpServerExchange ex) {
    if (ex.isInIoThread()) {
      ex.dispatch(this::list);
      return;
    }
    IncidentQuery q;
    try {
      q = IncidentQuery.parse(ex.getQueryParameters(), IncidentQuery.MAX_LIMIT);
    } catch (BadParameter e) {
      badParameter(ex, e);
      return;
    }
    send(ex, 200, json.page(incidents.store().query(q)));
  }

  /** {@code GET /api/v1/incidents/{id}}. */
  void detail(HttpServerExchange ex) {
    String id = param(ex, "id");
    incidents
        .store()
        .get(id)
        .ifPresentOrElse(
            i -> send(ex, 200, json.detail(i, incidents.store())),
            () -> error(ex, 404, "no incident with id " + id));
  }

  /** {@code POST /api/v1/incidents/{id}/status}. */
  void status(HttpServerExchange ex) {
    String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      error(ex, 415, "Content-Type must be application/json");
      return;
    }
    String requestedBy = ex.getRequestHeaders().getFirst(REQUESTED_BY);
    if (requestedBy == null || requestedBy.isBlank()) {
      error(
          ex,
          403,
          "state-changing requests need the header "
              + REQUESTED_BY
              + ": falco-correlator (cross-site protection)");
      return;
    }
    long declared = ex.getRequestContentLength();
    if (declared > MAX_BODY) {
      error(ex, 413, "body larger than " + MAX_BODY + " bytes");
      return;
    }
    ex.setMaxEntitySize(MAX_BODY);
    String principal = Principals.of(ex);
    ex.getRequestReceiver()
        .receiveFullBytes(
            (e, body) -> e.dispatch(() -> changeStatus(e, body, principal)),
            (e, failure) -> error(e, 400, "cannot read the body: " + failure.getMessage()));
  }

  private void changeStatus(HttpServerExchange ex, byte[] body, String principal) {
    JsonNode root;
    try {
      root = CompositeJson.MAPPER.readTree(body);
    } catch (JacksonException e) {
      error(ex, 400, "body is not valid JSON: " + e.getOriginalMessage());
      return;
    }
    if (root == null || !root.isObject()) {
      error(
          ex,
          400,
          "body must be a JSON object {\"status\": ..., \"resolution\": ..., \"note\": ...}");
      return;
    }
    for (String name : root.propertyNames()) {
      if (!List.of("status", "resolution", "note").contains(name)) {
        error(ex, 400, "unknown field \"" + name + "\" (expected status, resolution, note)");
        return;
      }
    }
    JsonNode s = root.path("status");
    IncidentStatus status = s.isString() ? IncidentStatus.parse(s.asString()).orElse(null) : null;
    if (status == null) {
      error(ex, 400, "status: expected \"open\", \"acknowledged\" or \"resolved\"");
      return;
    }
    JsonNode r = root.path("resolution");
    Resolution resolution = null;
    if (!r.isMissingNode() && !r.isNull()) {
      resolution = r.isString() ? Resolution.parse(r.asString()).orElse(null) : null;
      if (resolution == null) {
        error(
            ex,
            400,
            "resolution: expected \"true_positive\", \"false_positive\", \"benign\" or null");
        return;
      }
    }
    JsonNode n = root.path("note");
    if (!n.isMissingNode() && !n.isNull() && !n.isString()) {
      error(ex, 400, "note: expected a string or null");
      return;
    }
    String note = n.isString() && !n.asString().isBlank() ? n.asString() : null;
    try {
      var after = incidents.changeStatus(param(ex, "id"), status, resolution, note, principal);
      ObjectNode o = CompositeJson.MAPPER.createObjectNode();
      o.set("incident", json.summary(after));
      o.set("history", json.history(after));
      send(ex, 200, o);
    } catch (IncidentException e) {
      error(ex, e.status(), e.getMessage());
    }
  }

  /** {@code GET /api/v1/watchlist}. */
  void watchlist(HttpServerExchange ex) {
    if (ex.isInIoThread()) {
      ex.dispatch(this::watchlist);
      return;
    }
    IncidentQuery q;
    try {
      q = IncidentQuery.parse(ex.getQueryParameters(), Watchlist.MAX_LIMIT);
    } catch (BadParameter e) {
      badParameter(ex, e);
      return;
    }
    List<Watchlist.Entry> entries;
    try {
      entries = watchlist.entries(q, q.limit()).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      error(ex, 503, "correlator did not answer in time");
      return;
    }
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    ArrayNode list = o.putArray("entries");
    int rank = 0;
    for (Watchlist.Entry e : entries) {
      list.add(entry(e, ++rank));
    }
    send(ex, 200, o);
  }

  static ObjectNode entry(Watchlist.Entry e, int rank) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.set("context", CompositeJson.context(e.context().key(), e.context().info()));
    ArrayNode groups = o.putArray("groups");
    for (Watchlist.GroupSeen g : e.groups()) {
      groups
          .addObject()
          .put("group", g.group().id())
          .put("first", g.first().toString())
          .put("last", g.last().toString())
          .put("count", g.count());
    }
    ArrayNode reachable = o.putArray("reachable");
    for (Watchlist.Reachable r : e.reachable()) {
      CaseDefinition c = r.definition();
      ObjectNode n =
          reachable
              .addObject()
              .put("case_id", c.id())
              .put("case", c.name())
              .put("severity", c.severity().label());
      ArrayNode missing = n.putArray("missing");
      for (ActivityGroup g : r.missing()) {
        missing.add(g.id());
      }
      n.put("window", Durations.format(c.window()));
      n.put("window_remaining_seconds", r.windowRemainingSeconds());
    }
    o.put("window_remaining_seconds", e.windowRemainingSeconds());
    o.put("rank", rank);
    return o;
  }

  private static String param(HttpServerExchange ex, String name) {
    var v = ex.getQueryParameters().get(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  private static void badParameter(HttpServerExchange ex, BadParameter e) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("error", e.getMessage());
    o.put("field", e.field());
    send(ex, 400, o);
  }

  static void error(HttpServerExchange ex, int status, String message) {
    send(ex, status, CompositeJson.MAPPER.createObjectNode().put("error", message));
  }

  static void send(HttpServerExchange ex, int status, JsonNode body) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    ex.getResponseSender().send(ByteBuffer.wrap(CompositeJson.MAPPER.writeValueAsBytes(body)));
  }
}
