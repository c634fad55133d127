package io.falcocorrelator.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: one thread takes typed {@link Task}s from one bounded queue and hands them to
 * its {@link Worker}, which owns every context's state (no locks, the model of a Kafka Streams
 * task). Capacity for alerts is reserved per batch ({@link #tryReserve}), so a batch is accepted
 * whole or refused whole and never half queued; control tasks (queries, rule swaps) have a separate
 * slack and run between alerts. Knows nothing of the store or the rules.
 */
final class CorrelatorLoop {
  private static final Logger log = LoggerFactory.getLogger(CorrelatorLoop.class);
  private static final int CONTROL_SLACK = 1024;
  private static final int BATCH = 256;

  /** How long the loop parks when its queue is empty: the most an alert waits to be correlated. */
  static final long IDLE_PARK_NANOS = 1_000_000L;

  /** What the queue holds. */
  sealed interface Task permits AlertBatch, Control {}

  /** The alerts of one accepted request, whose capacity was reserved: one queue element. */
  record AlertBatch(List<CorrelationService.Classified> alerts) implements Task {}

  /** Work on the loop's thread between alerts: a query, a rule swap, a snapshot. */
  record Control(Runnable action) implements Task {}

  /** What the loop drives; every method runs on the loop's thread. */
  interface Worker {
    void correlate(CorrelationService.Classified alert);

    /** After each drained batch of tasks: commit what they changed. */
    void afterBatch();

    /** Processing time advanced to {@code now} (every sweep interval). */
    void advanceTime(Instant now);
  }

  private final BlockingQueue<Task> queue;
  private final Semaphore capacity;
  private final int capacityLimit;
  private final Clock clock;
  private final Duration sweepInterval;
  private final Worker worker;
  private final Thread thread;

  /** Set first on close: no new alerts are taken. */
  private volatile boolean stopping;

  /** Set once nothing more can be queued: the loop finishes the queue and ends. */
  private volatile boolean draining;

  private Instant nextSweep;

  CorrelatorLoop(int queueCapacity, Clock clock, Duration sweepInterval, Worker worker) {
    this.capacityLimit = queueCapacity;
    this.queue = new ArrayBlockingQueue<>(queueCapacity + CONTROL_SLACK);
    this.capacity = new Semaphore(queueCapacity);
    this.clock = clock;
    this.sweepInterval = sweepInterval;
    this.worker = worker;
    this.nextSweep = clock.instant().plus(sweepInterval);
    this.thread = new Thread(this::run, "correlator");
    this.thread.setDaemon(false);
  }

  void start() {
    thread.start();
  }

  /** Reserves room for {@code n} alerts; false when stopping or full. */
  boolean tryReserve(int n) {
    return !stopping && capacity.tryAcquire(n);
  }

  /** Gives back a reservation that will not be used. */
  void release(int n) {
    capacity.release(n);
  }

  /** Queues alerts whose room {@link #tryReserve} reserved: cannot fail. */
  void enqueueReserved(List<CorrelationService.Classified> alerts) {
    queue.add(new AlertBatch(alerts));
  }

  /** Reserves and queues; false (nothing queued) when the batch does not fit. */
  boolean offer(List<CorrelationService.Classified> alerts) {
    if (!tryReserve(alerts.size())) {
      return false;
    }
    // One queue element per request, not per alert: one lock for a batch of a hundred.
    enqueueReserved(List.copyOf(alerts));
    return true;
  }

  /** Queues a control task; false when even the control slack is full. */
  boolean control(Runnable action) {
    return queue.offer(new Control(action));
  }

  int depth() {
    return capacityLimit - capacity.availablePermits();
  }

  int capacity() {
    return capacityLimit;
  }

  boolean onLoopThread() {
    return Thread.currentThread() == thread;
  }

  /**
   * Takes whatever is queued in one go (one lock, not one per alert); when nothing is, parks for
   * {@link #IDLE_PARK_NANOS} instead of blocking on the queue. Why: a consumer blocked on the queue
   * makes every producer wake it (a futex call and two context switches per request, a large share
   * of two cores at tens of thousands of requests a second); polling costs at most a thousand
   * wake-ups a second and adds at most a millisecond before an alert is correlated.
   */
  private void run() {
    List<Task> batch = new ArrayList<>(BATCH);
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
      for (Task task : batch) {
        handle(task);
      }
      batch.clear();
      // One commit for the whole batch: with many mapped alerts, a store write per alert was
      // the crash-safe mode's main cost.
      worker.afterBatch();
      sweepIfDue();
    }
  }

  private void handle(Task task) {
    // Java 17: no pattern switch yet; the sealed interface keeps the two cases exhaustive.
    if (task instanceof AlertBatch b) {
      capacity.release(b.alerts().size());
      for (CorrelationService.Classified c : b.alerts()) {
        try {
          worker.correlate(c);
        } catch (RuntimeException e) {
          // One bad alert or listener must not stop correlation for every other container.
          log.error("correlating an alert failed, continuing: {}", e.toString(), e);
        }
      }
    } else if (task instanceof Control c) {
      try {
        c.action().run();
      } catch (RuntimeException e) {
        log.error("correlator task failed, continuing: {}", e.toString(), e);
      }
    }
  }

  private void sweepIfDue() {
    Instant now = clock.instant();
    if (!now.isBefore(nextSweep)) {
      nextSweep = now.plus(sweepInterval);
      worker.advanceTime(now);
      worker.afterBatch();
    }
  }

  /** Stops taking new alerts (a reservation fails from now on). */
  void stopTaking() {
    stopping = true;
  }

  /** Correlates everything queued, then ends; false when it did not finish within the timeout. */
  boolean drain(Duration timeout) {
    stopping = true;
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
}
