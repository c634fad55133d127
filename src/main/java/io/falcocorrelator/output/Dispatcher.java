package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes composites to their outputs, once, with everything sinks do not do themselves: the durable
 * spool (written before any attempt), per-route bounded queues and workers (a slow sink never
 * stalls correlation or another route), retries with backoff and {@code Retry-After}, the
 * dead-letter file, and per-route metrics. The composite id travels with every delivery so
 * receivers can de-duplicate.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  static final int QUEUE_PER_ROUTE = 10_000;
  private final Spool spool;
  private final RetryPolicy policy;
  private final OutputMetrics metrics;
  private final Clock clock;
  private final List<Route> routes = new ArrayList<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "output-retry"));

  public Dispatcher(
      List<OutputConfig> configs,
      SinkContext context,
      Spool spool,
      RetryPolicy policy,
      OutputMetrics metrics,
      Clock clock)
      throws Exception {
    this.spool = spool;
    this.policy = policy;
    this.metrics = metrics;
    this.clock = clock;
    for (OutputConfig c : configs) {
      Route r = new Route(c, c.settings().create(context));
      routes.add(r);
      metrics.queue(c.name(), () -> r.workers.getQueue().size() + r.workers.getActiveCount());
    }
  }

  /** Re-queues what the spool still owes (after a restart), then keeps doing so periodically. */
  public void start() {
    recover();
    scheduler.scheduleWithFixedDelay(this::recover, 30, 30, TimeUnit.SECONDS);
  }

  /** Spools the composite, then queues it for every route that takes it. Never blocks on a sink. */
  public void submit(CompositeAlert alert) {
    submit(alert, Optional.empty());
  }

  /**
   * The incident of {@code alert} changed status (the incidents feature calls this from its
   * listener): spooled and queued like a composite, for the routes that take the composite and
   * whose sink follows incidents ({@link Sink#followsIncidents}: webhook, PagerDuty, Alertmanager).
   * Returns at once: the spool write happens on the dispatcher's own thread, in the order of the
   * calls, so a caller on an HTTP worker never waits for the disk.
   */
  public void submitStatus(CompositeAlert alert, StatusUpdate update) {
    try {
      scheduler.execute(() -> submit(alert, Optional.of(update)));
    } catch (RejectedExecutionException e) {
      log.warn(
          "dispatcher closed: status change {} of incident {} not sent",
          update.status(),
          alert.id());
    }
  }

  /**
   * An incident still open at start-up, first sent at {@code since}: handed to the routes that take
   * it and follow incidents ({@link Sink#resume}); nothing is sent or spooled.
   */
  public void resume(CompositeAlert alert, Instant since) {
    for (Route r : routes) {
      if (r.config.accepts(alert) && r.sink.followsIncidents()) {
        r.sink.resume(alert, since);
      }
    }
  }

  private void submit(CompositeAlert alert, Optional<StatusUpdate> change) {
    List<Route> matching = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Route r : routes) {
      if (r.config.accepts(alert) && (change.isEmpty() || r.sink.followsIncidents())) {
        matching.add(r);
        names.add(r.config.name());
      }
    }
    if (matching.isEmpty()) {
      return;
    }
    Job job = new Job(alert, change, names, 1, clock.instant());
    try {
      if (!spool.write(alert, change, names)) {
        log.info("{} was already delivered to every output: not sent again", job.key());
        return;
      }
    } catch (IOException e) {
      log.error("cannot spool {}: {}; delivering from memory only", job.key(), e.toString());
    }
    for (Route r : matching) {
      r.enqueue(job);
    }
  }

  private void recover() {
    try {
      for (Spool.Entry e : spool.pending(log::warn)) {
        for (String name : e.owed()) {
          Route r = route(name);
          if (r == null) {
            log.warn(
                "{} is owed to output {}, which is no longer configured: dropping that route",
                e.key(),
                name);
            spool.done(e.key(), name, e.routes());
          } else {
            r.enqueue(new Job(e.alert(), e.change(), e.routes(), 1, clock.instant()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      log.error("output spool recovery failed: {}", e.toString());
    }
  }

  private Route route(String name) {
    for (Route r : routes) {
      if (r.config.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  /** One delivery of one composite (or of a status change of its incident) to one route. */
  record Job(
      CompositeAlert alert,
      Optional<StatusUpdate> change,
      List<String> routes,
      int attempt,
      Instant firstTry) {
    Job next() {
      return new Job(alert, change, routes, attempt + 1, firstTry);
    }

    /** The spool key: the composite id, or the status change's own key. */
    String key() {
      return StatusUpdate.key(alert.id(), change);
    }
  }

  final class Route {
    final OutputConfig config;
    final Sink sink;
    final ThreadPoolExecutor workers;
    final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    Route(OutputConfig config, Sink sink) {
      this.config = config;
      this.sink = sink;
      this.workers =
          new ThreadPoolExecutor(
              config.concurrency(),
              config.concurrency(),
              60,
              TimeUnit.SECONDS,
              new ArrayBlockingQueue<>(QUEUE_PER_ROUTE),
              r -> daemon(r, "output-" + config.name()));
    }

    void enqueue(Job job) {
      if (job.attempt() == 1 && !inFlight.add(job.key())) {
        return;
      }
      try {
        workers.execute(() -> attempt(job));
      } catch (RejectedExecutionException e) {
        // Queue full or shutting down: it stays in the spool; the periodic recovery retries it.
        inFlight.remove(job.key());
        log.warn("output {} queue full: {} left in the spool", config.name(), job.key());
      }
    }

    private void attempt(Job job) {
      long start = System.nanoTime();
      Delivery d;
      try {
        d = sink.deliver(job.alert(), job.change());
      } catch (RuntimeException e) {
        d = Delivery.retry("sink error: " + e.getClass().getSimpleName());
      }
      if (d instanceof Delivery.Delivered) {
        metrics.delivered(config.name(), Duration.ofNanos(System.nanoTime() - start));
        finish(job);
      } else if (d instanceof Delivery.Retryable) {
        Delivery.Retryable r = (Delivery.Retryable) d;
        Instant now = clock.instant();
        Duration wait = policy.delay(job.attempt(), r.retryAfter().map(after -> after.from(now)));
        boolean inBudget =
            Duration.between(job.firstTry(), now.plus(wait)).compareTo(policy.budget()) <= 0;
        if (job.attempt() < policy.maxAttempts() && inBudget) {
          metrics.retried(config.name());
          log.warn(
              "output {} attempt {} for {} failed ({}), retrying in {} ms",
              config.name(),
              job.attempt(),
              job.key(),
              r.reason(),
              wait.toMillis());
          scheduler.schedule(
              () -> {
                try {
                  workers.execute(() -> attempt(job.next()));
                } catch (RejectedExecutionException e) {
                  inFlight.remove(job.key());
                }
              },
              wait.toMillis(),
              TimeUnit.MILLISECONDS);
        } else {
          deadLetter(job, r.reason());
        }
      } else {
        metrics.failed(config.name());
        deadLetter(job, ((Delivery.Rejected) d).reason());
      }
    }

    private void deadLetter(Job job, String reason) {
      log.error(
          "output {} gave up on {} after {} attempt(s): {}",
          config.name(),
          job.key(),
          job.attempt(),
          reason);
      metrics.deadLettered(config.name());
      try {
        spool.deadLetter(
            job.alert(), job.change(), config.name(), reason, job.attempt(), clock.instant());
      } catch (IOException e) {
        log.error("cannot write the dead-letter file: {}", e.toString());
      }
      finish(job);
    }

    private void finish(Job job) {
      try {
        spool.done(job.key(), config.name(), job.routes());
      } catch (IOException e) {
        log.error("cannot update the spool for {}: {}", job.key(), e.toString());
      }
      inFlight.remove(job.key());
    }
  }

  /**
   * Waits for queued deliveries up to the timeout; what is left stays in the spool for next time.
   */
  public void close(Duration timeout) {
    scheduler.shutdownNow();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Route r : routes) {
      r.workers.shutdown();
    }
    for (Route r : routes) {
      try {
        r.workers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      r.workers.shutdownNow();
      r.sink.close();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
