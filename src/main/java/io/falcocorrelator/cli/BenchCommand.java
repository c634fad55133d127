package io.falcocorrelator.cli;

import io.falcocorrelator.bench.AlertGenerator;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: single-thread throughput of the pipeline over a generated alert stream, in
 * three phases measured in one run: parse only, core only (classify + correlate on parsed
 * alerts) and end to end (parse + classify + correlate). Alerts are generated in small batches outside
 * the timed sections so the input neither dominates the heap nor the timings.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure alerts/s for parse only, core only and parse+classify+correlate on a generated stream.")
final class BenchCommand implements Callable<Integer> {
  @Mixin
  RulesOption rules;

  @Option(names = "--alerts", defaultValue = "1000000", description = "Alerts per measured phase (default ${DEFAULT-VALUE}).")
  int alerts;

  @Option(names = "--containers", defaultValue = "10000", description = "Distinct containers (default ${DEFAULT-VALUE}).")
  int containers;

  @Option(names = "--escape-share", defaultValue = "0.05", description = "Share of escape-related alerts (default ${DEFAULT-VALUE}).")
  double escapeShare;

  @Option(names = "--warmup", defaultValue = "300000", description = "Alerts run through every phase before measuring (default ${DEFAULT-VALUE}).")
  int warmup;

  private static final int BATCH = 2_000;

  @Override
  public Integer call() {
    RuleSet set = rules.load();
    System.out.printf(Locale.ROOT, "bench: %,d alerts across %,d containers, %.0f%% escape-related, batches of %,d, java %s%n",
        alerts, containers, escapeShare * 100, BATCH, System.getProperty("java.version"));
    run(set, warmup, false);
    resetPeaks();
    Result r = run(set, alerts, true);
    long peak = peakHeap();
    System.out.printf(Locale.ROOT, "parse only            %,12.0f alerts/s%n", r.rate(r.parseNanos));
    System.out.printf(Locale.ROOT, "core only             %,12.0f alerts/s  (classify + correlate, parsed alerts)%n", r.rate(r.coreNanos));
    System.out.printf(Locale.ROOT, "parse+classify+corr.  %,12.0f alerts/s  (%.0f%% of parse only)%n",
        r.rate(r.endToEndNanos), 100.0 * r.rate(r.endToEndNanos) / r.rate(r.parseNanos));
    System.out.printf(Locale.ROOT, "contexts %,d, composites %,d, peak heap while streaming %,d MiB%n", r.contexts, r.composites, peak >> 20);
    return 0;
  }

  private static final class Result {
    long parseNanos;
    long coreNanos;
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
    return new AlertGenerator(42, containers, Math.max(1, containers / 100), escapeShare,
        Instant.parse("2026-02-17T03:00:00Z"), 5_000_000L);
  }

  /**
   * All three phases stream over the same batches: each batch of raw alerts is generated
   * untimed; parse-only parses and discards it (as a receiver would); core-only runs classify +
   * correlate over the batch parsed untimed just before (small enough to stay in the CPU cache,
   * as a just-received alert is); end-to-end parses and correlates on a pipeline of its own.
   */
  private Result run(RuleSet set, int total, boolean report) {
    AlertGenerator gen = generator();
    AlertReader reader = new AlertReader();
    ContextTable core = table(set);
    ContextTable endToEnd = table(set);
    Result r = new Result();
    List<byte[]> batch = new ArrayList<>(BATCH);
    List<FalcoAlert> parsed = new ArrayList<>(BATCH);
    for (int done = 0; done < total; done += BATCH) {
      batch.clear();
      parsed.clear();
      for (int i = 0; i < Math.min(BATCH, total - done); i++) {
        batch.add(gen.next());
      }
      long t0 = System.nanoTime();
      for (byte[] b : batch) {
        r.sink += reader.parseOne(b).fields().size();
      }
      long t1 = System.nanoTime();
      for (byte[] b : batch) {
        parsed.add(reader.parseOne(b));
      }
      long t2 = System.nanoTime();
      for (FalcoAlert a : parsed) {
        core.process(a, c -> r.sink++);
      }
      long t3 = System.nanoTime();
      for (byte[] b : batch) {
        endToEnd.process(reader.parseOne(b), c -> r.sink++);
      }
      long t4 = System.nanoTime();
      r.parseNanos += t1 - t0;
      r.coreNanos += t3 - t2;
      r.endToEndNanos += t4 - t3;
      r.count += batch.size();
    }
    r.contexts = endToEnd.size();
    r.composites = endToEnd.stats().compositeTotal();
    return r;
  }

  private static ContextTable table(RuleSet set) {
    return new ContextTable(set.classifier(), set.correlator(), set.contextKeys(), Clock.systemUTC(), new CorrelationStats());
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
