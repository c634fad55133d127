package io.falcocorrelator.ui;

import io.falcocorrelator.metrics.Metrics;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/health}: the figures an operator watches, as JSON for the console's health
 * page, read from the same meters {@code /metrics} exposes (so the two never disagree). Rates are
 * left to the reader: it samples twice and divides.
 */
public final class HealthHandler implements HttpHandler {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final String P = Metrics.PREFIX;
  private final Metrics metrics;
  private final Clock clock;

  public HealthHandler(Metrics metrics, Clock clock) {
    this.metrics = Objects.requireNonNull(metrics);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public void handleRequest(HttpServerExchange ex) {
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    ex.getResponseSender().send(MAPPER.writeValueAsString(snapshot()));
  }

  ObjectNode snapshot() {
    ObjectNode root = MAPPER.createObjectNode();
    String version = HealthHandler.class.getPackage().getImplementationVersion();
    root.put("version", version == null ? "development" : version);
    long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    Instant now = clock.instant();
    root.put("started_at", Instant.ofEpochMilli(startMillis).toString());
    root.put("sampled_at", now.toString());
    root.put("uptime_seconds", Math.max(0, (now.toEpochMilli() - startMillis) / 1000));
    ObjectNode alerts = root.putObject("alerts");
    ObjectNode rejected = MAPPER.createObjectNode();
    ObjectNode outcomes = MAPPER.createObjectNode();
    ObjectNode composites = MAPPER.createObjectNode();
    Map<String, ObjectNode> outputs = new TreeMap<>();
    ObjectNode queue = root.putObject("queue");
    ObjectNode rules = root.putObject("rules_reloads");
    rules.put("ok", 0).put("failed", 0);
    long compositesTotal = 0;
    for (Meter m : metrics.registry().getMeters()) {
      String name = m.getId().getName();
      if (!name.startsWith(P)) {
        continue;
      }
      long v = Math.round(value(m));
      switch (name.substring(P.length())) {
        case "alerts_received" -> alerts.put("received", v);
        case "alerts_accepted" -> alerts.put("accepted", v);
        case "alerts_rejected" -> rejected.put(m.getId().getTag("reason"), v);
        case "alerts_correlation_outcome" -> outcomes.put(m.getId().getTag("outcome"), v);
        case "composites" -> {
          compositesTotal += v;
          String sev = m.getId().getTag("severity");
          composites.put(sev, composites.path(sev).asLong(0) + v);
        }
        case "falco_syscall_drops" -> root.put("falco_syscall_drops", v);
        case "contexts" -> root.put("contexts", v);
        case "queue_depth" -> queue.put("depth", v);
        case "queue_capacity" -> queue.put("capacity", v);
        case "rules_reloads" -> rules.put(m.getId().getTag("result"), v);
        case "output_delivered" -> output(outputs, m).put("delivered", v);
        case "output_retried" -> output(outputs, m).put("retried", v);
        case "output_failed" -> output(outputs, m).put("failed", v);
        case "output_dead_lettered" -> output(outputs, m).put("dead_lettered", v);
        case "output_queue_depth" -> output(outputs, m).put("queued", v);
        default -> {}
      }
    }
    alerts.set("rejected", rejected);
    root.set("correlation_outcomes", outcomes);
    root.putObject("composites").put("total", compositesTotal).set("by_severity", composites);
    var list = root.putArray("outputs");
    outputs.values().forEach(list::add);
    return root;
  }

  private static ObjectNode output(Map<String, ObjectNode> outputs, Meter m) {
    String route = m.getId().getTag("output");
    return outputs.computeIfAbsent(
        route,
        r -> {
          ObjectNode o = MAPPER.createObjectNode();
          o.put("name", r)
              .put("queued", 0)
              .put("delivered", 0)
              .put("retried", 0)
              .put("failed", 0)
              .put("dead_lettered", 0);
          return o;
        });
  }

  /** A counter's count or a gauge's value: the first measurement every meter type reports. */
  private static double value(Meter m) {
    for (Measurement x : m.measure()) {
      return x.getValue();
    }
    return 0;
  }
}
