package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.correlate.Outcome;
import io.falcocorrelator.correlate.RemovalCause;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The counters of a Streams instance: invalid records, and the same correlation outcomes and
 * removal causes as {@code serve}, summed over its tasks. Each correlation task counts into {@link
 * CorrelationStats} of its own (they are single-writer: one task runs on one stream thread at a
 * time), kept after the task closes so the sums never go back.
 */
public final class StreamsCounters {
  private final LongAdder invalid;
  private final List<CorrelationStats> tasks = new CopyOnWriteArrayList<>();

  public StreamsCounters() {
    this(new LongAdder());
  }

  public StreamsCounters(LongAdder invalid) {
    this.invalid = invalid;
  }

  /** Counters for a new correlation task. */
  CorrelationStats newTask() {
    CorrelationStats s = new CorrelationStats();
    tasks.add(s);
    return s;
  }

  LongAdder invalidAdder() {
    return invalid;
  }

  public long invalid() {
    return invalid.sum();
  }

  private long sum(ToLongFunction<CorrelationStats> f) {
    return tasks.stream().mapToLong(f).sum();
  }

  public long alerts() {
    return sum(CorrelationStats::alerts);
  }

  public long outcome(Outcome o) {
    return sum(s -> s.outcome(o));
  }

  public long removals(RemovalCause cause) {
    return sum(s -> s.removals(cause));
  }

  public long composites() {
    return sum(CorrelationStats::compositeTotal);
  }

  /** One line for the log: every non-zero counter. */
  public String summary() {
    StringBuilder b =
        new StringBuilder("alerts=").append(alerts()).append(" invalid=").append(invalid());
    for (Outcome o : Outcome.values()) {
      b.append(' ')
          .append(o.name().toLowerCase(java.util.Locale.ROOT))
          .append('=')
          .append(outcome(o));
    }
    b.append(" composites=").append(composites());
    for (RemovalCause c : RemovalCause.values()) {
      b.append(" removed_").append(c.label()).append('=').append(removals(c));
    }
    return b.toString();
  }
}
