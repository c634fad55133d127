package io.falcocorrelator.correlate;

import io.falcocorrelator.mapping.ActivityGroup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the correlation runtime did. Written by the one thread that owns the contexts,
 * read by metrics and summaries from any thread. The per-alert counters are single-writer: a plain
 * increment published with an opaque write, which costs what a plain store does, instead of an
 * atomic read-modify-write on every alert.
 */
public final class CorrelationStats {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int ALERTS = Outcome.values().length;
  private static final int GROUPS = ALERTS + 1;
  private final long[] counters = new long[GROUPS + ActivityGroup.values().length];
  private final Map<String, LongAdder> composites = new ConcurrentHashMap<>();
  private final LongAdder folded = new LongAdder();
  private final LongAdder[] removals = new LongAdder[RemovalCause.values().length];

  public CorrelationStats() {
    for (int i = 0; i < removals.length; i++) {
      removals[i] = new LongAdder();
    }
  }

  private void increment(int slot) {
    SLOT.setOpaque(counters, slot, (long) SLOT.getOpaque(counters, slot) + 1);
  }

  private long read(int slot) {
    return (long) SLOT.getOpaque(counters, slot);
  }

  void record(Outcome outcome) {
    increment(ALERTS);
    increment(outcome.ordinal());
  }

  void recordGroupHit(ActivityGroup group) {
    increment(GROUPS + group.ordinal());
  }

  void recordComposite(CompositeAlert alert) {
    composites
        .computeIfAbsent(
            alert.definition().id() + "|" + alert.severity().label(), k -> new LongAdder())
        .increment();
  }

  void recordFolded(int n) {
    folded.add(n);
  }

  void recordRemoval(RemovalCause cause) {
    removals[cause.ordinal()].increment();
  }

  public long alerts() {
    return read(ALERTS);
  }

  public long outcome(Outcome outcome) {
    return read(outcome.ordinal());
  }

  public long groupHits(ActivityGroup group) {
    return read(GROUPS + group.ordinal());
  }

  /** Composites emitted, keyed {@code caseId|Severity}, sorted. */
  public Map<String, Long> composites() {
    Map<String, Long> out = new TreeMap<>();
    composites.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long compositeTotal() {
    return composites.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long folded() {
    return folded.sum();
  }

  /**
   * Contexts removed (or, for {@link RemovalCause#EVENT_TIME_GAP}, started afresh) for {@code
   * cause}.
   */
  public long removals(RemovalCause cause) {
    return removals[cause.ordinal()].sum();
  }

  /** Contexts evicted to keep the bound: {@link RemovalCause#SIZE}. */
  public long evicted() {
    return removals(RemovalCause.SIZE);
  }

  /**
   * Contexts expired in either clock: {@link RemovalCause#IDLE} and {@link
   * RemovalCause#EVENT_TIME_GAP}.
   */
  public long expired() {
    return removals(RemovalCause.IDLE) + removals(RemovalCause.EVENT_TIME_GAP);
  }
}
