package io.falcocorrelator.server;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.GroupHit;
import io.falcocorrelator.rules.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

  /** One classified alert waiting for the correlator. */
  public record Classified(FalcoAlert alert, List<GroupHit> hits) {}

  private final BlockingQueue<Object> queue;
  private final Semaphore capacity;
  private final int capacityLimit;
  private final ContextTable table;
  private final AtomicReference<RuleSet> rules;
  private final Consumer<CompositeAlert> composites;
  private final Clock clock;
  private final Duration sweepInterval;
  private final Thread thread;
  private volatile boolean stopping;
  private Instant nextSweep;

  public CorrelationService(RuleSet rules, int queueCapacity, Clock clock, Duration sweepInterval,
      CorrelationStats stats, Consumer<CompositeAlert> composites) {
    this.capacityLimit = queueCapacity;
    this.queue = new ArrayBlockingQueue<>(queueCapacity + CONTROL_SLACK);
    this.capacity = new Semaphore(queueCapacity);
    this.rules = new AtomicReference<>(rules);
    this.table = new ContextTable(rules.classifier(), rules.correlator(), rules.contextKeys(), clock, stats);
    this.composites = composites;
    this.clock = clock;
    this.sweepInterval = sweepInterval;
    this.nextSweep = clock.instant().plus(sweepInterval);
    this.thread = new Thread(this::run, "correlator");
    this.thread.setDaemon(false);
  }

  public void start() {
    thread.start();
  }

  /** The rules in force: request threads classify with these. */
  public RuleSet rules() {
    return rules.get();
  }

  /**
   * Queues a batch for correlation.
   *
   * @return false, queuing nothing, when the batch does not fit or the service is stopping
   */
  @Override
  public boolean accept(List<Classified> batch) {
    return offer(batch);
  }

  @Override
  public boolean blocking() {
    return false;
  }

  public boolean offer(List<Classified> batch) {
    if (stopping || !capacity.tryAcquire(batch.size())) {
      return false;
    }
    for (Classified c : batch) {
      // Cannot fail: the permits reserved the room.
      queue.add(c);
    }
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

  /** Blocks for the first task, then takes whatever else is queued in one go (one lock, not one per alert). */
  private void run() {
    List<Object> batch = new ArrayList<>(BATCH);
    while (true) {
      Object first;
      try {
        first = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (first == null) {
        if (stopping) {
          return;
        }
        sweepIfDue();
        continue;
      }
      handle(first);
      queue.drainTo(batch, BATCH);
      for (Object task : batch) {
        handle(task);
      }
      batch.clear();
      sweepIfDue();
    }
  }

  private void handle(Object task) {
    try {
      if (task instanceof Classified) {
        Classified c = (Classified) task;
        capacity.release();
        table.process(c.alert(), c.hits(), composites);
      } else {
        ((Runnable) task).run();
      }
    } catch (RuntimeException e) {
      // One bad alert or listener must not stop correlation for every other container.
      log.error("correlator task failed, continuing: {}", e.toString(), e);
    }
  }

  private void sweepIfDue() {
    Instant now = clock.instant();
    if (!now.isBefore(nextSweep)) {
      nextSweep = now.plus(sweepInterval);
      int expired = table.expireIdle();
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
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("correlator did not drain {} queued alerts within {}", queue.size(), timeout);
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
