package io.falcocorrelator.cli;

import io.falcocorrelator.bench.AlertGenerator;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.Classifier;
import io.falcocorrelator.rules.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: single-thread throughput of the pipeline over a generated alert stream, in three
 * phases measured in one run: parse only, core only (classify + correlate on parsed alerts) and end
 * to end (parse + classify + correlate); then parse only with threads sharing one reader, as the
 * receiver's request threads do, against one thread on the same alerts. Alerts are generated in
 * small batches outside the timed sections so the input neither dominates the heap nor the timings.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure alerts/s for parse only, core only and parse+classify+correlate on a generated stream.")
final class BenchCommand implements Callable<Integer> {
  @Mixin RulesOption rules;

  @Option(
      names = "--alerts",
      defaultValue = "1000000",
      description = "Alerts per measured phase (default ${DEFAULT-VALUE}).")
  int alerts;

  @Option(
      names = "--containers",
      defaultValue = "10000",
      description = "Distinct containers (default ${DEFAULT-VALUE}).")
  int containers;

  @Option(
      names = "--escape-share",
      defaultValue = "0.05",
      description = "Share of escape-related alerts (default ${DEFAULT-VALUE}).")
  double escapeShare;

  @Option(
      names = "--warmup",
      defaultValue = "300000",
      description = "Alerts run through every phase before measuring (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description =
          "Threads sharing one reader in the shared-parse phase, as the receiver's request"
              + " threads do (default ${DEFAULT-VALUE}).")
  int threads;

  private static final int BATCH = 2_000;

  /** Alerts generated per thread for the shared-parse phase, cycled: about 30 MiB in all. */
  private static final int SHARED_INPUT = 10_000;

  /**
   * Alerts parsed just before core-only runs on them: about 300 KiB, so still in the core's L2
   * cache, as in the receiver.
   */
  private static final int HOT_BATCH = 64;

  @Override
  public Integer call() throws InterruptedException {
    if (threads < 1 || alerts < 1 || containers < 1 || warmup < 0) {
      System.err.println(
          "bench: --threads, --alerts and --containers must be at least 1, --warmup at least 0");
      return 2;
    }
    RuleSet set = rules.load();
    System.out.printf(
        Locale.ROOT,
        "bench: %,d alerts across %,d containers, %.0f%% escape-related, batches of %,d, java %s%n",
        alerts,
        containers,
        escapeShare * 100,
        BATCH,
        System.getProperty("java.version"));
    run(set, warmup, false);
    resetPeaks();
    Result r = run(set, alerts, true);
    long peak = peakHeap();
    sharedParse(threads, warmup);
    double alone = sharedParse(1, alerts);
    double shared = sharedParse(threads, alerts);
    System.out.printf(
        Locale.ROOT, "parse only            %,12.0f alerts/s%n", r.rate(r.parseNanos));
    System.out.printf(
        Locale.ROOT,
        "core only, in cache   %,12.0f alerts/s  (classify + correlate, each %d alerts right after parsing them)%n",
        r.rate(r.hotCoreNanos),
        HOT_BATCH);
    System.out.printf(
        Locale.ROOT,
        "core only, %,d      %,12.0f alerts/s  (classify + correlate, %,d alerts parsed before: beyond the L2 cache)%n",
        BATCH,
        r.rate(r.coreNanos),
        BATCH);
    System.out.printf(
        Locale.ROOT,
        "parse+classify+corr.  %,12.0f alerts/s  (%.0f%% of parse only)%n",
        r.rate(r.endToEndNanos),
        100.0 * r.rate(r.endToEndNanos) / r.rate(r.parseNanos));
    System.out.printf(
        Locale.ROOT,
        "parse, %d threads, 1 reader %,9.0f alerts/s  (%.2fx one thread on the same alerts: the receiver's request threads share one)%n",
        threads,
        shared,
        shared / alone);
    System.out.printf(
        Locale.ROOT,
        "contexts %,d, composites %,d, peak heap while streaming %,d MiB%n",
        r.contexts,
        r.composites,
        peak >> 20);
    return 0;
  }

  private static final class Result {
    long parseNanos;
    long coreNanos;
    long hotCoreNanos;
    long endToEndNanos;
    long count;
    int contexts;
    long composites;
    long sink;

    double rate(long nanos) {
      return count * 1e9 / nanos;
    }
  }

  private AlertGenerator generator() {
    return generator(42);
  }

  private AlertGenerator generator(long seed) {
    return new AlertGenerator(
        seed,
        containers,
        Math.max(1, containers / 100),
        escapeShare,
        Instant.parse("2026-02-17T03:00:00Z"),
        5_000_000L);
  }

  /**
   * Every phase streams over the same batches: each batch of raw alerts is generated untimed;
   * parse-only parses and discards it (as a receiver would); core-only runs classify + correlate
   * over alerts parsed untimed just before, twice: 64 at a time (still in the CPU cache, as a
   * just-received alert is in the receiver) and the whole batch of 2,000 (which is not: the
   * classifier's field lookups then wait on memory); end-to-end parses and correlates on a pipeline
   * of its own. Each measure has its own correlator state.
   */
  private Result run(RuleSet set, int total, boolean report) {
    AlertGenerator gen = generator();
    AlertReader reader = new AlertReader();
    ContextTable hotCore = table(set);
    ContextTable core = table(set);
    ContextTable endToEnd = table(set);
    Result r = new Result();
    List<byte[]> batch = new ArrayList<>(BATCH);
    List<FalcoAlert> parsed = new ArrayList<>(BATCH);
    for (int done = 0; done < total; done += BATCH) {
      batch.clear();
      for (int i = 0; i < Math.min(BATCH, total - done); i++) {
        batch.add(gen.next());
      }
      long t0 = System.nanoTime();
      for (byte[] b : batch) {
        r.sink += reader.parseOne(b).fields().size();
      }
      r.parseNanos += System.nanoTime() - t0;
      for (int from = 0; from < batch.size(); from += HOT_BATCH) {
        r.hotCoreNanos +=
            core(
                set.classifier(),
                hotCore,
                parse(
                    reader, batch.subList(from, Math.min(batch.size(), from + HOT_BATCH)), parsed),
                r);
      }
      r.coreNanos += core(set.classifier(), core, parse(reader, batch, parsed), r);
      long t3 = System.nanoTime();
      for (byte[] b : batch) {
        FalcoAlert a = reader.parseOne(b);
        endToEnd.process(a, set.classifier().classify(a), c -> r.sink++);
      }
      r.endToEndNanos += System.nanoTime() - t3;
      r.count += batch.size();
    }
    r.contexts = endToEnd.size();
    r.composites = endToEnd.stats().compositeTotal();
    return r;
  }

  /**
   * Parse only, {@code count} threads sharing one reader, each over alerts of its own (thread
   * {@code t} always gets the same ones): what the receiver's request threads do. Against one
   * thread over the same input it shows how the reader's shared memory scales (a write every thread
   * reads, on every alert, once cost a third of two threads' throughput). Alerts/s of all threads
   * together.
   */
  private double sharedParse(int count, int total) throws InterruptedException {
    AlertReader reader = new AlertReader();
    int each = Math.max(1, total / count);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    // Kept so the JIT cannot drop the parses as unused.
    long[] sinks = new long[count];
    for (int t = 0; t < count; t++) {
      AlertGenerator gen = generator(43 + t);
      List<byte[]> input = new ArrayList<>();
      for (int i = 0; i < Math.min(each, SHARED_INPUT); i++) {
        input.add(gen.next());
      }
      int slot = t;
      workers.add(
          new Thread(
              () -> {
                awaitQuietly(start);
                long sink = 0;
                for (int i = 0; i < each; i++) {
                  sink += reader.parseOne(input.get(i % input.size())).fields().size();
                }
                sinks[slot] = sink;
              },
              "bench-parse-" + t));
    }
    workers.forEach(Thread::start);
    long t0 = System.nanoTime();
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    long nanos = System.nanoTime() - t0;
    return (double) each * count * 1e9 / nanos;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<FalcoAlert> parse(
      AlertReader reader, List<byte[]> raw, List<FalcoAlert> into) {
    into.clear();
    for (byte[] b : raw) {
      into.add(reader.parseOne(b));
    }
    return into;
  }

  /** Classify + correlate the parsed alerts; returns the nanoseconds it took. */
  private static long core(
      Classifier classifier, ContextTable table, List<FalcoAlert> parsed, Result r) {
    long t = System.nanoTime();
    for (FalcoAlert a : parsed) {
      table.process(a, classifier.classify(a), c -> r.sink++);
    }
    return System.nanoTime() - t;
  }

  private static ContextTable table(RuleSet set) {
    return new ContextTable(
        set.correlator(), set.contextKeys(), Clock.systemUTC(), new CorrelationStats());
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
