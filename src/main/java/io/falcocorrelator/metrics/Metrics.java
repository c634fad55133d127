package io.falcocorrelator.metrics;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.correlate.Outcome;
import io.falcocorrelator.correlate.RemovalCause;
import io.falcocorrelator.mapping.ActivityGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The service's Prometheus metrics (names in docs/operations.md). Counters kept by the correlation
 * core are read, not duplicated: {@link FunctionCounter}s over {@link CorrelationStats}.
 */
public final class Metrics implements io.falcocorrelator.output.OutputMetrics {
  public static final String PREFIX = "falco_correlator_";
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter received;
  private final Counter accepted;

  /**
   * One series per reason, registered up front: a rate over a series that appears late misses its
   * first increase.
   */
  private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);

  private final LatencyHistogram requests;
  private final Counter falcoDrops;

  public Metrics() {
    received =
        Counter.builder(PREFIX + "alerts_received")
            .description("Alerts received over HTTP, valid or not")
            .register(registry);
    accepted =
        Counter.builder(PREFIX + "alerts_accepted")
            .description("Alerts accepted and queued for correlation")
            .register(registry);
    // Fixed buckets, not client-side percentiles: an HdrHistogram update per request cost more
    // than 2% of the receiver's CPU. Quantiles come from histogram_quantile() in Prometheus.
    requests =
        new LatencyHistogram(
            PREFIX + "request_seconds",
            "Ingest request latency, body read to answer",
            List.of(
                Duration.ofNanos(100_000),
                Duration.ofNanos(250_000),
                Duration.ofNanos(500_000),
                Duration.ofMillis(1),
                Duration.ofMillis(5),
                Duration.ofMillis(25),
                Duration.ofMillis(100),
                Duration.ofSeconds(1)));
    registry.getPrometheusRegistry().register(requests);
    falcoDrops =
        Counter.builder(PREFIX + "falco_syscall_drops")
            .description(
                "Syscalls Falco reported dropped (internal drop messages): evidence that may be missing")
            .register(registry);
    for (Rejection r : Rejection.values()) {
      rejected.put(
          r,
          Counter.builder(PREFIX + "alerts_rejected")
              .description("Alerts or requests rejected, by reason")
              .tag("reason", r.label())
              .register(registry));
    }
  }

  /** Exposes the correlation core's own counters and the runtime's gauges. */
  public void bind(
      CorrelationStats stats, IntSupplier contexts, IntSupplier queueDepth, int queueCapacity) {
    for (Outcome o : Outcome.values()) {
      FunctionCounter.builder(PREFIX + "alerts_correlation_outcome", stats, s -> s.outcome(o))
          .description(
              "What the correlator did with each accepted alert (duplicate, late, not_a_container, ...)")
          .tag("outcome", o.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    for (ActivityGroup g : ActivityGroup.values()) {
      FunctionCounter.builder(PREFIX + "group_hits", stats, s -> s.groupHits(g))
          .description("Alerts that evidenced each activity group")
          .tag("group", g.id())
          .register(registry);
    }
    FunctionCounter.builder(PREFIX + "composites_folded", stats, CorrelationStats::folded)
        .description("Cases that completed but were folded into a more severe open incident")
        .register(registry);
    FunctionCounter.builder(PREFIX + "context_evictions", stats, CorrelationStats::evicted)
        .description("Contexts evicted because max_contexts was reached (state lost)")
        .register(registry);
    FunctionCounter.builder(PREFIX + "context_expirations", stats, CorrelationStats::expired)
        .description("Contexts expired after the idle timeout")
        .register(registry);
    for (RemovalCause c : RemovalCause.values()) {
      FunctionCounter.builder(PREFIX + "context_removals", stats, s -> s.removals(c))
          .description(
              "Contexts removed or started afresh, by cause (size, idle, event_time_gap, unreadable)")
          .tag("cause", c.label())
          .register(registry);
    }
    Gauge.builder(PREFIX + "contexts", contexts::getAsInt)
        .description("Execution contexts tracked")
        .register(registry);
    Gauge.builder(PREFIX + "queue_depth", queueDepth::getAsInt)
        .description("Alerts waiting for the correlator")
        .register(registry);
    Gauge.builder(PREFIX + "queue_capacity", () -> queueCapacity)
        .description("Capacity of the correlation queue")
        .register(registry);
  }

  /** Exposes the per-mapping hit counters of whatever rules are in force (read at scrape time). */
  public void bindMappingHits(
      java.util.function.Supplier<io.falcocorrelator.mapping.MappingHits> hits) {
    registry.getPrometheusRegistry().register(new MappingHitsCollector(hits));
  }

  public void received(int n) {
    received.increment(n);
  }

  public void accepted(int n) {
    accepted.increment(n);
  }

  /** Counts rejected alerts (or requests) by reason. */
  public void rejected(Rejection reason, int n) {
    rejected.get(reason).increment(n);
  }

  public void composite(CompositeAlert c) {
    Counter.builder(PREFIX + "composites")
        .description("Composite alerts emitted, by case and severity")
        .tag("case", c.definition().id())
        .tag("severity", c.severity().label())
        .register(registry)
        .increment();
  }

  public void falcoDrops(long n) {
    falcoDrops.increment(n);
  }

  public void rulesReload(boolean ok) {
    Counter.builder(PREFIX + "rules_reloads")
        .description("Rule reloads, by result")
        .tag("result", ok ? "ok" : "failed")
        .register(registry)
        .increment();
  }

  @Override
  public void delivered(String route, Duration latency) {
    Counter.builder(PREFIX + "output_delivered")
        .description("Composites delivered, by output")
        .tag("output", route)
        .register(registry)
        .increment();
    Timer.builder(PREFIX + "output_latency")
        .description("Delivery time of one attempt that succeeded, by output")
        .tag("output", route)
        .serviceLevelObjectives(
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofMillis(250),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5))
        .register(registry)
        .record(latency);
  }

  @Override
  public void retried(String route) {
    Counter.builder(PREFIX + "output_retried")
        .description("Delivery attempts retried, by output")
        .tag("output", route)
        .register(registry)
        .increment();
  }

  @Override
  public void failed(String route) {
    Counter.builder(PREFIX + "output_failed")
        .description("Deliveries rejected by the receiver (not retryable), by output")
        .tag("output", route)
        .register(registry)
        .increment();
  }

  @Override
  public void deadLettered(String route) {
    Counter.builder(PREFIX + "output_dead_lettered")
        .description("Deliveries given up and written to the dead-letter file, by output")
        .tag("output", route)
        .register(registry)
        .increment();
  }

  @Override
  public void queue(String route, IntSupplier depth) {
    Gauge.builder(PREFIX + "output_queue_depth", depth::getAsInt)
        .description("Composites waiting or in delivery, by output")
        .tag("output", route)
        .register(registry);
  }

  /** Records one ingest request's latency, body read to answer. */
  public void request(long nanos) {
    requests.record(nanos);
  }

  /** Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
