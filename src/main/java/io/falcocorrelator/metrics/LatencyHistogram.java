package io.falcocorrelator.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram exposed as a classic Prometheus histogram ({@code _bucket{le=...}}, {@code
 * _count}, {@code _sum}), recorded with two adds that request threads do not contend on.
 *
 * <p>Why not Micrometer's {@code Timer}: besides its buckets it keeps a time-windowed maximum,
 * which reads the wall clock and compare-and-sets counters shared by every request thread on each
 * request. On single-alert POSTs that was ~3 points of the receiver's rate against the bare handler
 * (docs/performance.md). Quantiles come from {@code histogram_quantile()}.
 *
 * <p>A scrape reads the adders while requests go on: {@code _count} is always the sum of the
 * buckets, {@code _sum} may include a request the buckets do not yet.
 */
public final class LatencyHistogram implements Collector {
  private final String name;
  private final String help;
  private final long[] boundsNanos;
  private final double[] boundsSeconds;

  /** One per bound, then the +Inf bucket: not cumulative, the exposition adds them up. */
  private final LongAdder[] counts;

  private final LongAdder sumNanos = new LongAdder();

  /**
   * @param name the Prometheus name, ending in {@code _seconds}
   * @param bounds the buckets' upper bounds, ascending
   */
  public LatencyHistogram(String name, String help, List<Duration> bounds) {
    if (!name.endsWith("_seconds")) {
      throw new IllegalArgumentException("a latency histogram's name ends in _seconds: " + name);
    }
    this.name = name;
    this.help = help;
    int n = bounds.size();
    boundsNanos = new long[n];
    boundsSeconds = new double[n + 1];
    for (int i = 0; i < n; i++) {
      boundsNanos[i] = bounds.get(i).toNanos();
      if (i > 0 && boundsNanos[i] <= boundsNanos[i - 1]) {
        throw new IllegalArgumentException("bounds must ascend: " + bounds);
      }
      boundsSeconds[i] = boundsNanos[i] / 1e9;
    }
    boundsSeconds[n] = Double.POSITIVE_INFINITY;
    counts = new LongAdder[n + 1];
    for (int i = 0; i <= n; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Records one observation; a negative one counts as zero. */
  public void record(long nanos) {
    long value = Math.max(0, nanos);
    int i = 0;
    // A few bounds, most observations in the first: a scan beats a binary search.
    while (i < boundsNanos.length && value > boundsNanos[i]) {
      i++;
    }
    counts[i].increment();
    sumNanos.add(value);
  }

  /** Observations so far. */
  public long count() {
    long total = 0;
    for (LongAdder c : counts) {
      total += c.sum();
    }
    return total;
  }

  @Override
  public HistogramSnapshot collect() {
    long[] snapshot = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      snapshot[i] = counts[i].sum();
    }
    return HistogramSnapshot.builder()
        .name(name)
        .help(help)
        .unit(Unit.SECONDS)
        .dataPoint(
            HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(boundsSeconds, snapshot))
                .sum(sumNanos.sum() / 1e9)
                .build())
        .build();
  }

  @Override
  @SuppressWarnings("deprecation") // still how the registry 1.7 finds a collector's name
  public String getPrometheusName() {
    return name;
  }
}
