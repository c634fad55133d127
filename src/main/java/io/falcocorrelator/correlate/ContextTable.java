package io.falcocorrelator.correlate;

import io.falcocorrelator.event.EventNanos;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.GroupHit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The runtime around the {@link Correlator}, the same for {@code serve}, {@code replay} and the
 * Kafka Streams processor: keeps every context's state (in memory, over a {@link ContextStore} that
 * persists it where one is configured), bounds the number of contexts (least recently used
 * evicted), expires idle ones by processing time ({@link #advanceTime}), and counts every outcome
 * and every removal by {@link RemovalCause}. Not thread-safe by design: one thread owns it (the
 * server's correlator thread, the replay loop, a Streams task), as a Kafka Streams task owns its
 * store. Rules can be swapped between alerts; state refers to cases by id, so it carries over.
 */
public final class ContextTable {
  private final Clock clock;
  private final CorrelationStats stats;
  private final ContextStore store;

  /**
   * A mutable slot per context, so an update is one lookup, not a get and a put; in order of use.
   */
  private final ContextIndex contexts = new ContextIndex();

  private Correlator correlator;
  private ContextKeys keys;
  private Consumer<FiredCase> foldListener = f -> {};

  /** A table whose states live in memory only. */
  public ContextTable(
      Correlator correlator, ContextKeys keys, Clock clock, CorrelationStats stats) {
    this(correlator, keys, clock, stats, ContextStore.MEMORY);
  }

  /**
   * @param clock processing time: recorded per context for idle expiry
   * @param store told of every change, and read for contexts restored without their state
   */
  public ContextTable(
      Correlator correlator,
      ContextKeys keys,
      Clock clock,
      CorrelationStats stats,
      ContextStore store) {
    this.correlator = correlator;
    this.keys = keys;
    this.clock = clock;
    this.stats = stats;
    this.store = store;
  }

  /**
   * Told of every case folded into a more severe open incident (the incident store attaches it
   * there).
   */
  public void setFoldListener(Consumer<FiredCase> foldListener) {
    this.foldListener = foldListener;
  }

  /** The correlator in force (its cases and settings). */
  public Correlator correlator() {
    return correlator;
  }

  /** Swaps the rules; in-flight state is kept. */
  public void replaceRules(Correlator correlator, ContextKeys keys) {
    this.correlator = correlator;
    this.keys = keys;
  }

  /**
   * Correlates one alert, classified by the caller (a request thread, a Streams processor, the
   * replay loop: each with the rules it holds); composites go to {@code sink} before this returns.
   */
  public Outcome process(FalcoAlert alert, List<GroupHit> hits, Consumer<CompositeAlert> sink) {
    for (GroupHit h : hits) {
      stats.recordGroupHit(h.group());
    }
    Outcome outcome;
    if (hits.isEmpty()) {
      outcome = Outcome.UNMAPPED;
    } else {
      Optional<ContextKey> key = keys.of(alert);
      outcome = key.isEmpty() ? Outcome.NOT_A_CONTAINER : correlate(key.get(), alert, hits, sink);
    }
    stats.record(outcome);
    return outcome;
  }

  private Outcome correlate(
      ContextKey key, FalcoAlert alert, List<GroupHit> hits, Consumer<CompositeAlert> sink) {
    int at = contexts.find(key);
    ContextState prior;
    boolean added = false;
    if (at != ContextIndex.ABSENT) {
      prior = loaded(at);
      if (prior != null) {
        contexts.markUsed(at);
      }
    } else {
      prior = store.holdsUnindexed() ? unindexed(key) : null;
      if (prior != null) {
        at = contexts.put(key, prior, 0);
        added = true;
      }
    }
    Step step = correlator.onAlert(prior, key, alert, hits, clock.instant());
    if (step.expired()) {
      stats.recordRemoval(RemovalCause.EVENT_TIME_GAP);
    }
    if (step.changed()) {
      if (prior == null) {
        contexts.put(key, step.state(), 0);
        added = true;
      } else {
        contexts.setState(at, step.state());
      }
      store.stored(key, step.state());
    }
    if (added) {
      evictOverflow();
    }
    if (!step.folded().isEmpty()) {
      stats.recordFolded(step.folded().size());
      step.folded().forEach(foldListener);
    }
    for (CompositeAlert c : step.emitted()) {
      stats.recordComposite(c);
      sink.accept(c);
    }
    return step.outcome();
  }

  private void evictOverflow() {
    int max = correlator.settings().maxContexts();
    while (contexts.size() > max) {
      remove(contexts.eldest(), RemovalCause.SIZE);
    }
  }

  private void remove(int at, RemovalCause cause) {
    ContextKey key = contexts.key(at);
    contexts.remove(at);
    stats.recordRemoval(cause);
    store.removed(key, cause);
  }

  /**
   * Moves processing time to {@code now}: removes the contexts with no mapped alert for the idle
   * timeout before it, least recently used first ({@link RemovalCause#IDLE}). Reads no state: a
   * context restored without its state is dated by its stored time. The one time entry point of
   * every runtime (the server's sweep, the Streams punctuator).
   *
   * @return how many expired
   */
  public int advanceTime(Instant now) {
    long cutoff =
        EventNanos.minus(EventNanos.of(now), EventNanos.of(correlator.settings().idleTimeout()));
    int n = 0;
    // Least recently used first: stop at the first one still active.
    int eldest;
    while ((eldest = contexts.eldest()) != ContextIndex.ABSENT
        && contexts.lastProcessedNanos(eldest) < cutoff) {
      remove(eldest, RemovalCause.IDLE);
      n++;
    }
    return n;
  }

  /** {@link #advanceTime} to the injected clock's time. */
  public int expireIdle() {
    return advanceTime(clock.instant());
  }

  /**
   * Up to {@code limit} contexts with evidence of at least one group that {@code filter} accepts,
   * most recently used first: what is brewing (the watchlist). A context restored without its state
   * is read through the store (and dropped if unreadable); at most {@code maxScanned} contexts are
   * looked at, so one call costs a bounded time on the table's thread. Reading is not a use: it
   * does not delay any context's expiry.
   */
  public List<ContextState> withEvidence(
      int limit, int maxScanned, Predicate<ContextState> filter) {
    List<ContextState> out = new ArrayList<>(Math.min(limit, 64));
    int scanned = 0;
    for (int at = contexts.youngest();
        at != ContextIndex.ABSENT && out.size() < limit && scanned < maxScanned;
        scanned++) {
      int next = contexts.olderThan(at);
      ContextKey nextKey = next == ContextIndex.ABSENT ? null : contexts.key(next);
      ContextState state = loaded(at);
      if (state == null && nextKey != null) {
        next = contexts.find(nextKey); // a removal may have moved it
      }
      if (state != null && state.evidence().groupBits() != 0 && filter.test(state)) {
        out.add(state);
      }
      at = next;
    }
    return out;
  }

  /** The state of one context. Reading it is not a use: it does not delay the context's expiry. */
  public Optional<ContextState> get(ContextKey key) {
    int at = contexts.find(key);
    return at == ContextIndex.ABSENT ? Optional.empty() : Optional.ofNullable(loaded(at));
  }

  /** Puts restored state back (from a snapshot or store), keeping the bounds. */
  public void restore(ContextState state) {
    contexts.put(state.key(), state, 0);
    evictOverflow();
  }

  /**
   * Puts back a stored context without reading its state: the {@link ContextStore} reads it when an
   * alert or a query first needs it. This is what makes a restart with many contexts fast. Restore
   * in {@code lastProcessedAt} order, oldest first, so idle expiry finds them in order.
   */
  public void restoreStored(ContextKey key, Instant lastProcessedAt) {
    contexts.put(key, null, EventNanos.of(lastProcessedAt));
    evictOverflow();
  }

  /**
   * A context the store holds but the table was not told of; null when none or unreadable (then
   * dropped and counted).
   */
  private ContextState unindexed(ContextKey key) {
    try {
      return store.load(key);
    } catch (ContextStore.UnreadableStateException e) {
      stats.recordRemoval(RemovalCause.UNREADABLE);
      store.removed(key, RemovalCause.UNREADABLE);
      return null;
    }
  }

  /**
   * The context's state, read through the store on first use; null (and the context gone) when none
   * is stored or it is unreadable.
   */
  private ContextState loaded(int at) {
    ContextState state = contexts.state(at);
    if (state == null) {
      try {
        state = store.load(contexts.key(at));
      } catch (ContextStore.UnreadableStateException e) {
        remove(at, RemovalCause.UNREADABLE);
        return null;
      }
      if (state == null) {
        remove(at, RemovalCause.UNREADABLE);
      } else {
        contexts.setState(at, state);
      }
    }
    return state;
  }

  public int size() {
    return contexts.size();
  }

  public CorrelationStats stats() {
    return stats;
  }

  @Override
  public String toString() {
    return "ContextTable[" + contexts.size() + " contexts]";
  }
}
