package io.falcocorrelator.server;

import io.falcocorrelator.bench.AlertGenerator;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * How long a restart takes to load stored state. {@code fill DIR N} stores N contexts (each with
 * real evidence, from escape-related alerts) and closes the store; {@code load DIR}, in a new JVM
 * as a restart is, times open + recover + restore. bench/state-restart-bench.sh runs both, then
 * times the real {@code serve} from launch to ready on the same store. Not a test.
 */
public final class StateRestartBench {
  private StateRestartBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("fill")) {
      fill(dir, Integer.parseInt(args[2]));
    } else {
      load(dir);
    }
  }

  private static void fill(Path dir, int contexts) throws Exception {
    RuleSet rules = RulesLoader.embedded();
    AlertReader reader = new AlertReader();
    try (DurableState store = DurableState.open(dir, false, System.err::println)) {
      // Every alert escape-related, one container each: every context holds evidence.
      AlertGenerator gen =
          new AlertGenerator(
              7, contexts, 100, 1.0, Instant.parse("2026-02-17T03:00:00Z"), 1_000_000L);
      DurableContexts durable = new DurableContexts(store, List.of(), System.err::println);
      ContextTable table =
          new ContextTable(
              rules.correlator(),
              rules.contextKeys(),
              Clock.systemUTC(),
              new CorrelationStats(),
              durable);
      for (int i = 0; i < contexts * 3 && table.size() < contexts; i++) {
        io.falcocorrelator.event.FalcoAlert a = reader.parseOne(gen.next());
        table.process(a, rules.classifier().classify(a), c -> {});
        if (i % 256 == 0) {
          durable.commit();
        }
      }
      durable.commit();
      System.out.printf("stored %,d contexts%n", table.size());
    }
  }

  private static void load(Path dir) throws Exception {
    RuleSet rules = RulesLoader.embedded();
    long t0 = System.nanoTime();
    int restored;
    long op = System.nanoTime();
    try (DurableState store = DurableState.open(dir, false, System.err::println)) {
      System.out.printf("  open: %,d ms%n", (System.nanoTime() - op) / 1_000_000);
      long o = System.nanoTime();
      DurableContexts durable = new DurableContexts(store, List.of(), System.err::println);
      ContextTable table =
          new ContextTable(
              rules.correlator(),
              rules.contextKeys(),
              Clock.systemUTC(),
              new CorrelationStats(),
              durable);
      restored = durable.restore(table);
      System.out.printf(
          "  restore (read the index): %,d ms%n", (System.nanoTime() - o) / 1_000_000);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long bytes;
    try (var files = Files.walk(dir)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf(
        "restart: open + recover + restore %,d contexts in %,d ms (store %,d MiB)%n",
        restored, ms, bytes >> 20);
  }
}
