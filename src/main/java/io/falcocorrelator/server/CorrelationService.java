package io.falcocorrelator.server;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.GroupHit;
import io.falcocorrelator.rules.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node runtime: one correlator thread owns every context's state (no locks, the
 * model of a Kafka Streams task) and takes work from one bounded queue. Request threads parse
 * and classify, then {@link #offer} whole batches: capacity is reserved for the batch at once, so
 * a batch is either accepted whole or refused whole (the caller answers 503) and never half
 * queued. Queries and rule swaps run on the correlator thread too, between alerts.
 */
public final class CorrelationService implements AlertIntake, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CorrelationService.class);
  private static final int CONTROL_SLACK = 1024;
  private static final int BATCH = 256;
  /** How long the correlator parks when its queue is empty: the most an alert waits to be correlated. */
  static final long IDLE_PARK_NANOS = 1_000_000L;

  /** One classified alert waiting for the correlator; {@code seq} is its journal entry, or -1. */
  public record Classified(FalcoAlert alert, List<GroupHit> hits, long seq, byte[] source) {
    public Classified(FalcoAlert alert, List<GroupHit> hits) {
      this(alert, hits, -1, null);
    }

    /** The alert's JSON as received when the receiver kept it, else encoded again. */
    public byte[] json() {
      return source != null ? source : io.falcocorrelator.event.FalcoAlertJson.bytes(alert);
    }
  }

  private final BlockingQueue<Object> queue;
  private final Semaphore capacity;
  private final int capacityLimit;
  private final ContextTable table;
  private final AtomicReference<RuleSet> rules;
  private final Consumer<CompositeAlert> composites;
  private final Clock clock;
  private final Duration sweepInterval;
  private final Thread thread;
  /** Set first on close: no new alerts are taken. */
  private volatile boolean stopping;
  /** Set once nothing more can be queued: the correlator finishes the queue and ends. */
  private volatile boolean draining;
  private final DurableState durable;
  private final JournalWriter journal;
  private final Map<ContextKey, ContextState> changed = new LinkedHashMap<>();
  private final List<ContextKey> removed = new ArrayList<>();
  /** Journal entries applied since the last store write: deleted in that write. */
  private final List<Long> appliedSeqs = new ArrayList<>();
  private Instant nextSweep;

  public CorrelationService(RuleSet rules, int queueCapacity, Clock clock, Duration sweepInterval,
      CorrelationStats stats, Consumer<CompositeAlert> composites) {
    this(rules, queueCapacity, clock, sweepInterval, stats, composites, null);
  }

  /**
   * @param durable the crash-safe store, or null for in-memory state
   */
  public CorrelationService(RuleSet rules, int queueCapacity, Clock clock, Duration sweepInterval,
      CorrelationStats stats, Consumer<CompositeAlert> composites, DurableState durable) {
    this.capacityLimit = queueCapacity;
    this.queue = new ArrayBlockingQueue<>(queueCapacity + CONTROL_SLACK);
    this.capacity = new Semaphore(queueCapacity);
    this.rules = new AtomicReference<>(rules);
    this.table = new ContextTable(rules.classifier(), rules.correlator(), rules.contextKeys(), clock, stats);
    this.composites = composites;
    this.clock = clock;
    this.sweepInterval = sweepInterval;
    this.nextSweep = clock.instant().plus(sweepInterval);
    this.durable = durable;
    this.journal = durable == null ? null : new JournalWriter(durable);
    if (durable != null) {
      table.setListener(new ContextTable.StateListener() {
        @Override
        public void changed(ContextKey key, ContextState state) {
          changed.put(key, state);
          removed.remove(key);
        }

        @Override
        public void removed(ContextKey key) {
          changed.remove(key);
          removed.add(key);
        }
      });
    }
    this.thread = new Thread(this::run, "correlator");
    this.thread.setDaemon(false);
  }

  /** Told of every case folded into an open incident, on the correlator thread; set before {@link #start}. */
  public void setFoldListener(Consumer<io.falcocorrelator.correlate.FiredCase> listener) {
    table.setFoldListener(listener);
  }

  public void start() {
    if (journal != null) {
      journal.start();
    }
    thread.start();
  }

  /** The rules in force: request threads classify with these. */
  public RuleSet rules() {
    return rules.get();
  }

  /**
   * Queues a batch; with a durable store, journals first the alerts that evidence a group (the
   * only ones that can change state), so a 2xx means their effect survives a crash. False
   * (answer 503) when the batch does not fit or cannot be made durable.
   */
  @Override
  public boolean accept(List<Classified> batch) {
    if (durable == null || !anyHits(batch)) {
      return offer(batch);
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    accept(batch, answer::complete);
    return answer.join();
  }

  /**
   * Queues a batch; the alerts that evidence a group (the only ones that can change state) are
   * journaled first, by the {@link JournalWriter} together with other requests' alerts, so
   * {@code done} hears true only once their effect survives a crash. Called on a request thread;
   * {@code done} runs on the writer thread (or at once when nothing needs journaling).
   */
  @Override
  public void accept(List<Classified> batch, Consumer<Boolean> done) {
    if (!deferred(batch)) {
      done.accept(offer(batch));
      return;
    }
    if (stopping || !capacity.tryAcquire(batch.size())) {
      done.accept(false);
      return;
    }
    List<byte[]> entries = new ArrayList<>();
    for (Classified c : batch) {
      if (!c.hits().isEmpty()) {
        entries.add(c.json());
      }
    }
    journal.submit(entries, new JournalWriter.Done() {
      @Override
      public void journaled(long firstSeq) {
        long seq = firstSeq;
        List<Classified> queued = new ArrayList<>(batch.size());
        for (Classified c : batch) {
          // The journal has the bytes: the queued copy need not keep them.
          queued.add(c.hits().isEmpty() ? c : new Classified(c.alert(), c.hits(), seq++, null));
        }
        queue.add(new Alerts(queued));
        done.accept(true);
      }

      @Override
      public void failed() {
        capacity.release(batch.size());
        done.accept(false);
      }
    });
  }

  /** With a durable store, a batch with alerts to journal is answered when the journal writer has written them. */
  @Override
  public boolean deferred(List<Classified> batch) {
    return durable != null && anyHits(batch);
  }

  private static boolean anyHits(List<Classified> batch) {
    for (Classified c : batch) {
      if (!c.hits().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Journaled alerts (those that evidence a group) are stored as received. */
  @Override
  public boolean needsSource(List<GroupHit> hits) {
    return durable != null && !hits.isEmpty();
  }

  /** {@code not_durable} while the state store cannot be written (a full disk), else {@code queue_full}. */
  @Override
  public String refusalReason() {
    return durable != null && durable.failing() ? "not_durable" : "queue_full";
  }


  /**
   * Loads the stored state and replays the journal (alerts accepted before a crash but not
   * applied); composites they complete go to the sink as usual. Call before {@link #start}.
   */
  public void recover(io.falcocorrelator.event.AlertReader reader) {
    if (durable == null) {
      return;
    }
    DurableState.Recovered r;
    try {
      r = durable.recover(log::warn);
    } catch (org.rocksdb.RocksDBException e) {
      throw new IllegalStateException("cannot read the state store: " + e.getMessage(), e);
    }
    r.restoreInto(table, durable, log::warn);
    for (DurableState.Pending p : r.journal()) {
      try {
        io.falcocorrelator.event.FalcoAlert alert = reader.parseOne(p.alert());
        table.process(alert, rules.get().classifier().classify(alert), composites);
      } catch (RuntimeException e) {
        log.warn("journal entry {} unreadable, dropped: {}", p.seq(), e.toString());
      }
      appliedSeqs.add(p.seq());
      persist();
    }
    log.info("state recovered: {} contexts, {} journaled alerts replayed", r.contexts().size(), r.journal().size());
  }

  /**
   * Stores what the alerts taken since the last call changed, and marks their journal entries
   * applied, in one atomic batch. When the store cannot be written, everything is kept and
   * written by the next call that succeeds; meanwhile the journal still holds the alerts.
   */
  private void persist() {
    if (durable == null || (appliedSeqs.isEmpty() && changed.isEmpty() && removed.isEmpty())) {
      return;
    }
    try {
      durable.apply(appliedSeqs, changed, removed);
    } catch (org.rocksdb.RocksDBException e) {
      log.debug("cannot store context state yet: {}", e.toString());
      return;
    }
    appliedSeqs.clear();
    changed.clear();
    removed.clear();
  }

  public boolean offer(List<Classified> batch) {
    if (stopping || !capacity.tryAcquire(batch.size())) {
      return false;
    }
    // Cannot fail: the permits reserved the room. One queue element per request, not per alert:
    // one lock for a batch of a hundred.
    queue.add(new Alerts(List.copyOf(batch)));
    return true;
  }

  /** Runs {@code query} on the correlator thread, where the state lives. */
  public <T> CompletableFuture<T> query(Function<ContextTable, T> query) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable task = () -> {
      try {
        result.complete(query.apply(table));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    };
    if (!queue.offer(task)) {
      result.completeExceptionally(new IllegalStateException("correlator busy"));
    }
    return result;
  }

  /** Swaps in new rules: request threads see them at once, the correlator from its next task. */
  public void replaceRules(RuleSet next) {
    rules.set(next);
    queue.add((Runnable) () -> table.replaceRules(next.classifier(), next.correlator(), next.contextKeys()));
  }

  public int depth() {
    return capacityLimit - capacity.availablePermits();
  }

  public int capacity() {
    return capacityLimit;
  }

  public int contexts() {
    return table.size();
  }

  /**
   * Takes whatever is queued in one go (one lock, not one per alert); when nothing is, parks for
   * {@link #IDLE_PARK_NANOS} instead of blocking on the queue. Why: a consumer blocked on the
   * queue makes every producer wake it (a futex call and two context switches per request, a
   * large share of two cores at tens of thousands of requests a second); polling costs at most
   * a thousand wake-ups a second and adds at most a millisecond before an alert is correlated.
   */
  private void run() {
    List<Object> batch = new ArrayList<>(BATCH);
    while (true) {
      queue.drainTo(batch, BATCH);
      if (batch.isEmpty()) {
        if (draining) {
          return;
        }
        sweepIfDue();
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        if (Thread.interrupted()) {
          return;
        }
        continue;
      }
      for (Object task : batch) {
        handle(task);
      }
      batch.clear();
      // One store write for the whole batch: with many mapped alerts, a write per alert was
      // the crash-safe mode's main cost.
      persist();
      sweepIfDue();
    }
  }

  private void handle(Object task) {
    if (task instanceof Alerts) {
      List<Classified> alerts = ((Alerts) task).items();
      capacity.release(alerts.size());
      for (Classified c : alerts) {
        correlate(c);
      }
      return;
    }
    try {
      ((Runnable) task).run();
    } catch (RuntimeException e) {
      log.error("correlator task failed, continuing: {}", e.toString(), e);
    }
  }

  private void correlate(Classified c) {
    try {
      table.process(c.alert(), c.hits(), composites);
    } catch (RuntimeException e) {
      // One bad alert or listener must not stop correlation for every other container.
      log.error("correlating an alert failed, continuing: {}", e.toString(), e);
    }
    if (c.seq() >= 0) {
      appliedSeqs.add(c.seq());
    }
  }

  /** The alerts of one accepted request: one queue element. */
  private record Alerts(List<Classified> items) {}

  private void sweepIfDue() {
    Instant now = clock.instant();
    if (!now.isBefore(nextSweep)) {
      nextSweep = now.plus(sweepInterval);
      int expired = table.expireIdle();
      persist();
      if (expired > 0) {
        log.debug("expired {} idle contexts, {} tracked", expired, table.size());
      }
    }
  }

  /** Stops taking new work, correlates everything queued, then returns (or gives up after the timeout). */
  @Override
  public void close() {
    close(Duration.ofSeconds(20));
  }

  public boolean close(Duration timeout) {
    stopping = true;
    if (journal != null) {
      // Alerts it still writes are queued before the correlator is told to finish.
      journal.close();
    }
    draining = true;
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("correlator did not drain {} queued alerts within {}", depth(), timeout);
      thread.interrupt();
      return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return "CorrelationService[queue " + depth() + "/" + capacityLimit + ", " + table + "]";
  }
}
