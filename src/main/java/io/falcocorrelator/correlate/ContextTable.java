package io.falcocorrelator.correlate;

import io.falcocorrelator.event.EventNanos;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.Classifier;
import io.falcocorrelator.mapping.GroupHit;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The embedded runtime around the {@link Correlator}: classifies each alert, keeps every
 * context's state in memory, bounds the number of contexts (least recently used evicted,
 * counted) and expires idle ones by processing time. Not thread-safe by design: one thread owns
 * it (the server's correlator thread, the replay loop), as a Kafka Streams task owns its store.
 * Rules can be swapped between alerts; state refers to cases by id, so it carries over.
 */
public final class ContextTable {
  private final Clock clock;
  private final CorrelationStats stats;
  /** A mutable slot per context, so an update is one lookup, not a get and a put; in order of use. */
  private final ContextIndex contexts = new ContextIndex();
  private StateListener listener = StateListener.NONE;
  private Function<ContextKey, ContextState> loader = key -> null;
  private Consumer<FiredCase> foldListener = f -> { };
  private Classifier classifier;
  private Correlator correlator;
  private ContextKeys keys;

  public ContextTable(Classifier classifier, Correlator correlator, ContextKeys keys, Clock clock, CorrelationStats stats) {
    this.classifier = classifier;
    this.correlator = correlator;
    this.keys = keys;
    this.clock = clock;
    this.stats = stats;
  }

  /** Told of every stored and removed context state: how a durable store follows the table. */
  public interface StateListener {
    void changed(ContextKey key, ContextState state);

    void removed(ContextKey key);

    StateListener NONE = new StateListener() {
      @Override
      public void changed(ContextKey key, ContextState state) {}

      @Override
      public void removed(ContextKey key) {}
    };
  }

  public void setListener(StateListener listener) {
    this.listener = listener;
  }

  /** Told of every case folded into a more severe open incident (the incident store attaches it there). */
  public void setFoldListener(Consumer<FiredCase> foldListener) {
    this.foldListener = foldListener;
  }

  /**
   * Every context with evidence of at least one group whose state is in memory, for read-only
   * views such as the watchlist. Contexts restored lazily after a restart appear once an alert
   * has read them. Call on the owning thread; {@code action} must not change the table.
   */
  public void forEachWithEvidence(Consumer<ContextState> action) {
    contexts.forEachLoaded(s -> {
      if (s.groupBits() != 0) {
        action.accept(s);
      }
    });
  }

  /** The correlator in force (its cases and settings). */
  public Correlator correlator() {
    return correlator;
  }

  /**
   * Where contexts restored with {@link #restoreStored} are read from on first use; it answers
   * null for a state it cannot read, and that context then starts afresh.
   */
  public void setLoader(Function<ContextKey, ContextState> loader) {
    this.loader = loader;
  }

  /** Swaps the rules; in-flight state is kept. */
  public void replaceRules(Classifier classifier, Correlator correlator, ContextKeys keys) {
    this.classifier = classifier;
    this.correlator = correlator;
    this.keys = keys;
  }

  public Classifier classifier() {
    return classifier;
  }

  /** Classifies and correlates one alert; composites go to {@code sink} before this returns. */
  public Outcome process(FalcoAlert alert, Consumer<CompositeAlert> sink) {
    return process(alert, classifier.classify(alert), sink);
  }

  /** As {@link #process(FalcoAlert, Consumer)}, with the classification already done (by a request thread). */
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

  private Outcome correlate(ContextKey key, FalcoAlert alert, List<GroupHit> hits, Consumer<CompositeAlert> sink) {
    int at = contexts.find(key);
    ContextState prior = at == ContextIndex.ABSENT ? null : loaded(at);
    if (prior != null) {
      contexts.markUsed(at);
    }
    Step step = correlator.onAlert(prior, key, alert, hits, clock.instant());
    if (step.expired()) {
      stats.recordExpiry();
    }
    if (step.state() != null) {
      if (prior == null) {
        contexts.put(key, step.state(), 0);
        evictOverflow();
      } else {
        contexts.setState(at, step.state());
      }
      listener.changed(key, step.state());
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
      remove(contexts.eldest());
      stats.recordEviction();
    }
  }

  private void remove(int at) {
    ContextKey key = contexts.key(at);
    contexts.remove(at);
    listener.removed(key);
  }

  /**
   * Removes contexts with no mapped alert for the idle timeout, by the injected clock.
   *
   * @return how many expired
   */
  public int expireIdle() {
    long cutoff = EventNanos.minus(EventNanos.of(clock.instant()), EventNanos.of(correlator.settings().idleTimeout()));
    int n = 0;
    // Least recently used first: stop at the first one still active.
    int eldest;
    while ((eldest = contexts.eldest()) != ContextIndex.ABSENT && contexts.lastSeenNanos(eldest) < cutoff) {
      remove(eldest);
      stats.recordExpiry();
      n++;
    }
    return n;
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
   * Puts back a stored context without reading its state: the {@link #setLoader loader} reads it
   * when an alert or a query first needs it. This is what makes a restart with many contexts
   * fast. Restore in {@code lastSeen} order, oldest first, so idle expiry finds them in order.
   */
  public void restoreStored(ContextKey key, Instant lastSeen) {
    contexts.put(key, null, EventNanos.of(lastSeen));
    evictOverflow();
  }

  /** The context's state, read through the loader on first use; null (and the context gone) when unreadable. */
  private ContextState loaded(int at) {
    ContextState state = contexts.state(at);
    if (state == null) {
      state = loader.apply(contexts.key(at));
      if (state == null) {
        remove(at);
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
