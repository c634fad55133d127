package io.falcocorrelator.server;

import io.falcocorrelator.ingest.Reloader;
import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.rules.ReloadStatus;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.RulesException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules directory on demand (SIGHUP, {@code POST /api/v1/reload}) or when a file in it
 * changes. A new rule set is built and validated completely before it replaces the old one; on any
 * problem the old set stays in force and every problem is logged and counted.
 */
public final class RulesReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RulesReloader.class);
  private final Optional<Path> dir;
  private final CorrelationService service;
  private final Metrics metrics;
  private final Clock clock;
  private WatchService watcher;
  private Thread watchThread;
  private volatile ReloadStatus last;

  /** What a reload did. */
  public record Result(boolean ok, String summary, List<Problem> problems)
      implements Reloader.Report {}

  public RulesReloader(
      Optional<Path> dir, CorrelationService service, Metrics metrics, Clock clock) {
    this.dir = dir;
    this.service = service;
    this.metrics = metrics;
    this.clock = clock;
  }

  public synchronized Result reload(String trigger) {
    if (dir.isEmpty()) {
      return new Result(
          false,
          service.rules().toString(),
          List.of(
              new Problem(
                  "rules",
                  0,
                  "",
                  "the server runs on the embedded rules: start it with --rules DIR to reload")));
    }
    try {
      RuleSet next = RulesLoader.fromDirectory(dir.get());
      // Unchanged entries keep counting where they were (metrics and GET /api/v1/rules).
      next.classifier().hits().carryOver(service.rules().classifier().hits());
      service.replaceRules(next);
      last = new ReloadStatus(true, clock.instant(), trigger, List.of());
      metrics.rulesReload(true);
      log.info("rules reloaded ({}): {}", trigger, next);
      return new Result(true, next.toString(), List.of());
    } catch (RulesException e) {
      metrics.rulesReload(false);
      last = new ReloadStatus(false, clock.instant(), trigger, e.problems());
      log.error(
          "rules reload ({}) failed, keeping {}: {} problem(s)",
          trigger,
          service.rules(),
          e.problems().size());
      e.problems().forEach(p -> log.error("  {}", p));
      return new Result(false, service.rules().toString(), e.problems());
    }
  }

  /** The last reload's outcome; empty before the first. */
  public Optional<ReloadStatus> lastReload() {
    return Optional.ofNullable(last);
  }

  /** Watches the directory and reloads after changes settle (editors write in several steps). */
  public void watch() throws IOException {
    if (dir.isEmpty()) {
      return;
    }
    watcher = FileSystems.getDefault().newWatchService();
    dir.get()
        .register(
            watcher,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
    watchThread = new Thread(this::watchLoop, "rules-watcher");
    watchThread.setDaemon(true);
    watchThread.start();
  }

  private void watchLoop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key = watcher.take();
        key.pollEvents();
        key.reset();
        // Debounce: wait until no further change arrives for a moment.
        WatchKey more;
        while ((more = watcher.poll(300, TimeUnit.MILLISECONDS)) != null) {
          more.pollEvents();
          more.reset();
        }
        reload("file change");
      }
    } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (watchThread != null) {
      watchThread.interrupt();
    }
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        log.debug("closing the rules watcher: {}", e.toString());
      }
    }
  }
}
