package io.falcocorrelator.server;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.ContextStore;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.FalcoAlertJson;
import io.falcocorrelator.mapping.GroupHit;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.store.CommitHook;
import io.falcocorrelator.store.RocksStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node correlation runtime, assembled: the {@link ContextTable} (over {@link
 * DurableContexts} when a durable store is given, else in memory), driven by the {@link
 * CorrelatorLoop}'s single thread, fed by the {@link LocalIntake}; plus the rules in force for
 * request threads. Queries, rule swaps and snapshots run on the correlator thread between alerts,
 * where the state lives.
 *
 * <p>Extension points for components built on the live state (incidents, the watchlist): {@link
 * #addCommitHook} (store with the state change that produced a composite, in one atomic write),
 * {@link #rocks} (the durable store, for a column family of one's own) and {@link #withEvidence} (a
 * bounded snapshot of the contexts holding partial progress).
 */
public final class CorrelationService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CorrelationService.class);

  /**
   * How many contexts a {@link #withEvidence} snapshot looks at, at most, most recently used first:
   * bounds its time on the correlator thread (a context restored after a restart is decoded when
   * first looked at, some tens of microseconds; then it stays in memory).
   */
  public static final int MAX_SCANNED_PER_SNAPSHOT = 20_000;

  /** One classified alert waiting for the correlator; {@code seq} is its journal entry, or -1. */
  public record Classified(FalcoAlert alert, List<GroupHit> hits, long seq, byte[] source) {
    /** The alert's JSON as received when the receiver kept it, else encoded again. */
    public byte[] json() {
      return source != null ? source : FalcoAlertJson.bytes(alert);
    }
  }

  private final AtomicReference<RuleSet> rules;
  private final ContextTable table;
  private final CorrelatorLoop loop;
  private final LocalIntake intake;

  /** Null without a durable store. */
  private final DurableState durable;

  private final DurableContexts durableContexts;
  private final List<CommitHook> hooks = new CopyOnWriteArrayList<>();
  private final Consumer<CompositeAlert> sink;

  /** Composites of the current batch, for the hooks of an in-memory runtime. */
  private final List<CompositeAlert> batchComposites = new ArrayList<>();

  public CorrelationService(
      RuleSet rules,
      int queueCapacity,
      Clock clock,
      Duration sweepInterval,
      CorrelationStats stats,
      Consumer<CompositeAlert> composites) {
    this(rules, queueCapacity, clock, sweepInterval, stats, composites, null);
  }

  /**
   * @param clock processing time (idle expiry, sweeps)
   * @param composites where composites go, on the correlator thread, as they are emitted
   * @param durable the crash-safe store, or null for in-memory state
   */
  public CorrelationService(
      RuleSet rules,
      int queueCapacity,
      Clock clock,
      Duration sweepInterval,
      CorrelationStats stats,
      Consumer<CompositeAlert> composites,
      DurableState durable) {
    this.rules = new AtomicReference<>(rules);
    this.durable = durable;
    this.durableContexts = durable == null ? null : new DurableContexts(durable, hooks, log::warn);
    ContextStore store = durableContexts == null ? ContextStore.MEMORY : durableContexts;
    this.table = new ContextTable(rules.correlator(), rules.contextKeys(), clock, stats, store);
    this.sink =
        c -> {
          if (durableContexts != null) {
            durableContexts.emitted(c);
          } else if (!hooks.isEmpty()) {
            batchComposites.add(c);
          }
          composites.accept(c);
        };
    this.loop =
        new CorrelatorLoop(
            queueCapacity,
            clock,
            sweepInterval,
            new CorrelatorLoop.Worker() {
              @Override
              public void correlate(Classified c) {
                try {
                  table.process(c.alert(), c.hits(), sink);
                } finally {
                  if (c.seq() >= 0) {
                    durableContexts.applied(c.seq());
                  }
                }
              }

              @Override
              public void afterBatch() {
                commit();
              }

              @Override
              public void advanceTime(Instant now) {
                int expired = table.advanceTime(now);
                if (expired > 0) {
                  log.debug("expired {} idle contexts, {} tracked", expired, table.size());
                }
              }
            });
    this.intake = new LocalIntake(loop, durable);
  }

  /**
   * Registers a hook told of the composites of each commit (and, with a durable store, adding its
   * writes to it). Call before {@link #recover}, so composites of the journal replay reach it too.
   */
  public void addCommitHook(CommitHook hook) {
    hooks.add(hook);
  }

  /**
   * The durable store ({@code state.dir}), for a component's own column family; empty in memory
   * mode.
   */
  public Optional<RocksStore> rocks() {
    return Optional.ofNullable(durable).map(DurableState::rocks);
  }

  /**
   * Told of every case folded into an open incident, on the correlator thread; set before {@link
   * #start}.
   */
  public void setFoldListener(Consumer<io.falcocorrelator.correlate.FiredCase> listener) {
    table.setFoldListener(listener);
  }

  public void start() {
    intake.start();
    loop.start();
  }

  /** Where the receiver hands accepted batches. */
  public io.falcocorrelator.ingest.AlertIntake intake() {
    return intake;
  }

  /** The rules in force: request threads classify with these. */
  public RuleSet rules() {
    return rules.get();
  }

  /**
   * Loads the stored contexts and replays the journal (alerts accepted before a crash but not
   * applied); composites they complete go to the sink and the commit hooks as usual. Call before
   * {@link #start}.
   */
  public void recover(AlertReader reader) {
    if (durableContexts == null) {
      return;
    }
    try {
      int contexts = durableContexts.restore(table);
      int replayed = durableContexts.replay(table, reader, () -> rules.get().classifier(), sink);
      log.info("state recovered: {} contexts, {} journaled alerts replayed", contexts, replayed);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read the state store: " + e.getMessage(), e);
    }
  }

  private void commit() {
    if (durableContexts != null) {
      if (!durableContexts.commit()) {
        log.debug("cannot store context state yet; kept for the next commit");
      }
    } else if (!batchComposites.isEmpty()) {
      List<CompositeAlert> done = List.copyOf(batchComposites);
      batchComposites.clear();
      CommitHook.notify(hooks, done, log::warn);
    }
  }

  /** Queues a batch without journaling it; false when it does not fit. */
  public boolean offer(List<Classified> batch) {
    return loop.offer(batch);
  }

  /** Runs {@code query} on the correlator thread, where the state lives. */
  public <T> CompletableFuture<T> query(Function<ContextTable, T> query) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable task =
        () -> {
          try {
            result.complete(query.apply(table));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        };
    if (!loop.control(task)) {
      result.completeExceptionally(new IllegalStateException("correlator busy"));
    }
    return result;
  }

  /**
   * A snapshot of what is brewing, taken on the correlator thread: up to {@code limit} contexts
   * holding evidence of at least one group that {@code filter} accepts, most recently used first
   * (see {@link ContextTable#withEvidence}); at most {@link #MAX_SCANNED_PER_SNAPSHOT} contexts are
   * looked at. The states are immutable values: read them on any thread. Each holds per group its
   * evidence with event times ({@link ContextState#evidenceOf}), the case windows are in {@code
   * rules().correlator().cases()}.
   */
  public CompletableFuture<List<ContextState>> withEvidence(
      int limit, Predicate<ContextState> filter) {
    return query(t -> t.withEvidence(limit, MAX_SCANNED_PER_SNAPSHOT, filter));
  }

  /** Swaps in new rules: request threads see them at once, the correlator from its next task. */
  public void replaceRules(RuleSet next) {
    rules.set(next);
    if (!loop.control(() -> table.replaceRules(next.correlator(), next.contextKeys()))) {
      throw new IllegalStateException("correlator busy: rules not swapped");
    }
  }

  public int depth() {
    return loop.depth();
  }

  public int capacity() {
    return loop.capacity();
  }

  public int contexts() {
    return table.size();
  }

  /**
   * Stops taking new work, correlates everything queued, then returns (or gives up after the
   * timeout).
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(20));
  }

  public boolean close(Duration timeout) {
    // Alerts the journal writer still writes are queued before the loop is told to finish.
    intake.close();
    return loop.drain(timeout);
  }

  @Override
  public String toString() {
    return "CorrelationService[queue " + depth() + "/" + capacity() + ", " + table + "]";
  }
}
