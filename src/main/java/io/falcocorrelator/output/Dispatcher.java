package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Routes composites to their outputs, once, with everything sinks do not do themselves: the
 * durable spool (written before any attempt), per-route bounded queues and workers (a slow sink
 * never stalls correlation or another route), retries with backoff and {@code Retry-After}, the
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
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "output-retry"));

  public Dispatcher(List<OutputConfig> configs, SinkContext context, Spool spool, RetryPolicy policy, OutputMetrics metrics, Clock clock)
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
    List<Route> matching = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Route r : routes) {
      if (r.config.accepts(alert)) {
        matching.add(r);
        names.add(r.config.name());
      }
    }
    if (matching.isEmpty()) {
      return;
    }
    try {
      if (!spool.write(alert, names)) {
        log.info("composite {} was already delivered to every output: not sent again", alert.id());
        return;
      }
    } catch (IOException e) {
      log.error("cannot spool composite {}: {}; delivering from memory only", alert.id(), e.toString());
    }
    for (Route r : matching) {
      r.enqueue(new Job(alert, names, 1, clock.instant()));
    }
  }

  /**
   * Tells the routes that follow incidents ({@link Sink#followsIncidents}) and take this
   * incident's composite that its status changed. Never blocks: queued on each route's workers,
   * retried with the route's policy from memory (a status change is not spooled: after a restart
   * it is not sent again). The incidents feature calls it from its listener; a sink that resolves
   * alerts elsewhere (PagerDuty, Alertmanager) implements {@link Sink#sendStatus}.
   */
  public void submitStatus(CompositeAlert alert, StatusUpdate update) {
    for (Route r : routes) {
      if (r.sink.followsIncidents() && r.config.accepts(alert)) {
        r.enqueueStatus(alert, update, 1, clock.instant());
      }
    }
  }

  private void recover() {
    try {
      for (Spool.Entry e : spool.pending(log::warn)) {
        for (String name : e.owed()) {
          Route r = route(name);
          if (r == null) {
            log.warn("composite {} is owed to output {}, which is no longer configured: dropping that route", e.alert().id(), name);
            spool.done(e.alert().id(), name, e.routes());
          } else {
            r.enqueue(new Job(e.alert(), e.routes(), 1, clock.instant()));
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

  /** One delivery of one composite to one route. */
  record Job(CompositeAlert alert, List<String> routes, int attempt, Instant firstTry) {
    Job next() {
      return new Job(alert, routes, attempt + 1, firstTry);
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
      this.workers = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_PER_ROUTE),
          r -> daemon(r, "output-" + config.name()));
    }

    void enqueue(Job job) {
      if (job.attempt() == 1 && !inFlight.add(job.alert().id())) {
        return;
      }
      try {
        workers.execute(() -> attempt(job));
      } catch (RejectedExecutionException e) {
        // Queue full or shutting down: it stays in the spool; the periodic recovery retries it.
        inFlight.remove(job.alert().id());
        log.warn("output {} queue full: composite {} left in the spool", config.name(), job.alert().id());
      }
    }

    void enqueueStatus(CompositeAlert alert, StatusUpdate update, int attempt, Instant firstTry) {
      try {
        workers.execute(() -> attemptStatus(alert, update, attempt, firstTry));
      } catch (RejectedExecutionException e) {
        log.warn("output {} queue full: status change of incident {} not sent", config.name(), alert.id());
      }
    }

    private void attemptStatus(CompositeAlert alert, StatusUpdate update, int attempt, Instant firstTry) {
      Delivery d;
      try {
        d = sink.sendStatus(alert, update);
      } catch (RuntimeException e) {
        d = Delivery.retry("sink error: " + e.getClass().getSimpleName());
      }
      if (d instanceof Delivery.Delivered) {
        return;
      }
      if (d instanceof Delivery.Retryable) {
        Delivery.Retryable r = (Delivery.Retryable) d;
        Duration wait = policy.delay(attempt, r.retryAfter());
        if (attempt < policy.maxAttempts() && Duration.between(firstTry, clock.instant().plus(wait)).compareTo(policy.budget()) <= 0) {
          scheduler.schedule(() -> enqueueStatus(alert, update, attempt + 1, firstTry), wait.toMillis(), TimeUnit.MILLISECONDS);
          return;
        }
      }
      metrics.failed(config.name());
      log.error("output {} gave up on the status change of incident {} after {} attempt(s)", config.name(), alert.id(), attempt);
    }

    private void attempt(Job job) {
      long start = System.nanoTime();
      Delivery d;
      try {
        d = sink.send(job.alert());
      } catch (RuntimeException e) {
        d = Delivery.retry("sink error: " + e.getClass().getSimpleName());
      }
      if (d instanceof Delivery.Delivered) {
        metrics.delivered(config.name(), Duration.ofNanos(System.nanoTime() - start));
        finish(job);
      } else if (d instanceof Delivery.Retryable) {
        Delivery.Retryable r = (Delivery.Retryable) d;
        Duration wait = policy.delay(job.attempt(), r.retryAfter());
        boolean inBudget = Duration.between(job.firstTry(), clock.instant().plus(wait)).compareTo(policy.budget()) <= 0;
        if (job.attempt() < policy.maxAttempts() && inBudget) {
          metrics.retried(config.name());
          log.warn("output {} attempt {} for composite {} failed ({}), retrying in {} ms", config.name(), job.attempt(),
              job.alert().id(), r.reason(), wait.toMillis());
          scheduler.schedule(() -> {
            try {
              workers.execute(() -> attempt(job.next()));
            } catch (RejectedExecutionException e) {
              inFlight.remove(job.alert().id());
            }
          }, wait.toMillis(), TimeUnit.MILLISECONDS);
        } else {
          deadLetter(job, r.reason());
        }
      } else {
        metrics.failed(config.name());
        deadLetter(job, ((Delivery.Rejected) d).reason());
      }
    }

    private void deadLetter(Job job, String reason) {
      log.error("output {} gave up on composite {} after {} attempt(s): {}", config.name(), job.alert().id(), job.attempt(), reason);
      metrics.deadLettered(config.name());
      try {
        spool.deadLetter(job.alert(), config.name(), reason, job.attempt(), clock.instant());
      } catch (IOException e) {
        log.error("cannot write the dead-letter file: {}", e.toString());
      }
      finish(job);
    }

    private void finish(Job job) {
      try {
        spool.done(job.alert().id(), config.name(), job.routes());
      } catch (IOException e) {
        log.error("cannot update the spool for composite {}: {}", job.alert().id(), e.toString());
      }
      inFlight.remove(job.alert().id());
    }
  }

  /** Waits for queued deliveries up to the timeout; what is left stays in the spool for next time. */
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
