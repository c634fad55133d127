package io.falcocorrelator.ingest;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.event.EventTimes;
import io.falcocorrelator.metrics.Metrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read-only API, health, metrics, schema and reload endpoints: small handlers, one job each.
 */
final class ApiHandlers {
  static final int DEFAULT_LIMIT = 100;

  private ApiHandlers() {}

  /**
   * {@code GET /api/v1/composites?since=RFC3339&limit=N}: newest first, the same JSON as {@code
   * replay}.
   */
  static HttpHandler composites(RecentCompositeSource recent, int maxKept) {
    return ex -> {
      Instant since = null;
      String sinceText = param(ex, "since");
      if (sinceText != null) {
        try {
          since = EventTimes.parse(sinceText);
        } catch (IllegalArgumentException e) {
          Responses.error(ex, 400, "since: expected an RFC 3339 timestamp");
          return;
        }
      }
      int limit = DEFAULT_LIMIT;
      String limitText = param(ex, "limit");
      if (limitText != null) {
        try {
          limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
          limit = -1;
        }
        if (limit < 1 || limit > maxKept) {
          Responses.error(ex, 400, "limit: expected a whole number from 1 to " + maxKept);
          return;
        }
      }
      ArrayNode out = Responses.MAPPER.createArrayNode();
      for (CompositeAlert c : recent.list(since, limit)) {
        out.add(CompositeJson.toJson(c));
      }
      Responses.json(ex, 200, out);
    };
  }

  /**
   * {@code GET /api/v1/contexts/{hostname}/{containerId}[?scope=]}: what the correlator holds for
   * one container.
   */
  static HttpHandler context(ContextLookup contexts) {
    return ex -> {
      ContextKey key =
          new ContextKey(
              param(ex, "hostname"),
              param(ex, "containerId"),
              Optional.ofNullable(param(ex, "scope")).orElse(""));
      ex.dispatch(
          () -> {
            Optional<ContextState> state;
            try {
              state = contexts.find(key).toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
              Responses.error(ex, 503, "correlator did not answer in time");
              return;
            }
            if (state.isEmpty()) {
              Responses.error(
                  ex, 404, "no state for context " + key + " (never seen, expired or evicted)");
              return;
            }
            Responses.json(ex, 200, ContextView.of(state.get()).toJson());
          });
    };
  }

  /**
   * {@code POST /api/v1/reload}: reloads the rules directory; 200 with the new rules or 422 with
   * every problem.
   */
  static HttpHandler reload(Reloader reloader) {
    return ex ->
        ex.dispatch(
            () -> {
              Reloader.Report r = reloader.reload("api");
              ObjectNode o = Responses.MAPPER.createObjectNode();
              o.put("reloaded", r.ok());
              o.put("rules", r.summary());
              ArrayNode problems = o.putArray("problems");
              r.problems().forEach(p -> problems.add(p.toString()));
              Responses.json(ex, r.ok() ? 200 : 422, o);
            });
  }

  /** {@code GET /healthz}: the process answers. */
  static HttpHandler health() {
    return ex -> Responses.json(ex, 200, Responses.MAPPER.createObjectNode().put("status", "ok"));
  }

  /** {@code GET /readyz}: rules loaded and the queue below its high-water mark (90%). */
  static HttpHandler ready(Readiness readiness) {
    return ex -> {
      Readiness.Snapshot now = readiness.now();
      ObjectNode o = Responses.MAPPER.createObjectNode();
      o.put("status", now.ready() ? "ready" : "overloaded");
      o.put("rules", now.rules());
      o.put("queue_depth", now.queueDepth());
      o.put("queue_capacity", now.queueCapacity());
      Responses.json(ex, now.ready() ? 200 : 503, o);
    };
  }

  /** {@code GET /metrics}: Prometheus text format. */
  static HttpHandler metrics(Metrics metrics) {
    return ex -> {
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      ex.getResponseSender().send(metrics.scrape());
    };
  }

  /** {@code GET /schema/falco-alert.json}: the JSON Schema alerts are explained against. */
  static HttpHandler schema(SchemaExplainer schema) {
    byte[] bytes = schema.schemaBytes();
    return ex -> {
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/schema+json");
      ex.getResponseSender().send(ByteBuffer.wrap(bytes));
    };
  }

  private static String param(HttpServerExchange ex, String name) {
    Deque<String> values = ex.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }
}
