package io.falcocorrelator.server;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.correlate.RemovalCause;
import io.falcocorrelator.correlate.codec.StateCodec;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.store.CommitHook;
import io.falcocorrelator.store.RocksStore;
import io.falcocorrelator.support.MutableClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's three parts and the durability story over them: what a restart reads (the index,
 * oldest first), what it reads later (a state on first use), what it drops (an unreadable state,
 * counted), and what a commit hook writes in the same atomic write as the state change.
 */
class DurableStateTest {
  private static final ContextKey KEY = new ContextKey("node-1", "7c3e9a1f4b2d", "");
  private static final RuleSet RULES = RulesLoader.embedded();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-02-17T03:02:00Z"));

  private static ContextState golden() throws Exception {
    try (InputStream in =
        DurableStateTest.class.getResourceAsStream("/state/context-state-v1.json")) {
      return StateCodec.decode(in.readAllBytes());
    }
  }

  private static io.falcocorrelator.event.FalcoAlert enumeration() {
    return alert("Container Environment Enumeration by Upper Layer Process")
        .at("2026-02-17T03:01:30Z")
        .field("fd.name", "/proc/1/cgroup")
        .build();
  }

  private static io.falcocorrelator.event.FalcoAlert kernelModule() {
    return alert("Linux Kernel Module Injection Detected").at("2026-02-17T03:01:40Z").build();
  }

  private static void process(
      ContextTable t,
      io.falcocorrelator.event.FalcoAlert a,
      java.util.function.Consumer<CompositeAlert> sink) {
    t.process(a, RULES.classifier().classify(a), sink);
  }

  private ContextTable table(DurableContexts store, CorrelationStats stats) {
    return new ContextTable(RULES.correlator(), RULES.contextKeys(), clock, stats, store);
  }

  @Test
  void contextsComeBackOldestFirstWithKeysThatNeedNoEscaping(@TempDir Path dir) throws Exception {
    ContextState base = golden();
    // A NUL in a hostname cannot confuse the index: its parts are length-prefixed.
    ContextKey odd = new ContextKey("node\u0000x", "id\u0000y", "cluster-ü");
    ContextState older =
        new ContextState(
            base.schemaVersion(),
            odd,
            base.info(),
            base.evidence(),
            base.fired(),
            base.recent(),
            base.firstEventTime(),
            base.latestEventTime(),
            base.lastProcessedAt().minusSeconds(60));
    try (DurableState s = DurableState.open(dir, false, w -> {})) {
      s.rocks()
          .write(
              false,
              w -> {
                StoredContexts.put(w, KEY, base);
                StoredContexts.put(w, odd, older);
              });
    }
    try (DurableState s = DurableState.open(dir, false, w -> {})) {
      assertThat(s.contexts().index(w -> {}))
          .extracting(StoredContexts.Stored::key)
          .containsExactly(odd, KEY);
      assertThat(s.contexts().index(w -> {}).get(1).lastProcessedAt())
          .isEqualTo(base.lastProcessedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      assertThat(s.contexts().load(odd)).isEqualTo(older);
      s.rocks().write(false, w -> StoredContexts.delete(w, odd));
    }
    try (DurableState s = DurableState.open(dir, false, w -> {})) {
      assertThat(s.contexts().index(w -> {}))
          .extracting(StoredContexts.Stored::key)
          .containsExactly(KEY);
      assertThat(s.contexts().load(odd)).isNull();
    }
  }

  @Test
  void aRestartRestoresTheIndexAndReadsAStateOnFirstUse(@TempDir Path dir) throws Exception {
    ContextState stored = golden();
    try (DurableState s = DurableState.open(dir, false, w -> {})) {
      s.rocks().write(false, w -> StoredContexts.put(w, KEY, stored));
    }
    try (DurableState s = DurableState.open(dir, false, w -> {})) {
      DurableContexts durable = new DurableContexts(s, List.of(), w -> {});
      ContextTable t = table(durable, new CorrelationStats());
      assertThat(durable.restore(t)).isEqualTo(1);
      assertThat(t.size()).isEqualTo(1);
      assertThat(t.get(KEY)).contains(stored);
    }
  }

  @Test
  void aCorruptedStoredStateIsReportedDroppedAndCountedWhenFirstRead(@TempDir Path dir)
      throws Exception {
    ContextState stored = golden();
    try (DurableState s = DurableState.open(dir, false, w -> {})) {
      s.rocks().write(false, w -> StoredContexts.put(w, KEY, stored));
      s.rocks()
          .write(
              false,
              w ->
                  w.put(
                      StoredContexts.STATES,
                      StoredContexts.key(KEY),
                      "{\"v\":1,\"key\":".getBytes(StandardCharsets.UTF_8)));
    }
    List<String> warnings = new ArrayList<>();
    CorrelationStats stats = new CorrelationStats();
    try (DurableState s = DurableState.open(dir, false, warnings::add)) {
      DurableContexts durable = new DurableContexts(s, List.of(), warnings::add);
      ContextTable t = table(durable, stats);
      durable.restore(t);
      assertThat(t.get(KEY)).isEmpty();
      assertThat(t.size()).isZero();
      assertThat(durable.commit()).isTrue();
      assertThat(s.contexts().index(warnings::add)).isEmpty();
    }
    assertThat(stats.removals(RemovalCause.UNREADABLE)).isEqualTo(1);
    assertThat(warnings)
        .singleElement()
        .satisfies(w -> assertThat(w).contains("node-1/7c3e9a1f4b2d").contains("dropped"));
  }

  /**
   * An incident store's use: its puts join the very write that stores the state change and deletes
   * the journal entry.
   */
  @Test
  void aCommitHookWritesInTheSameAtomicWriteAsTheStateChange(@TempDir Path dir) throws Exception {
    List<String> committed = new ArrayList<>();
    CommitHook hook =
        new CommitHook() {
          @Override
          public void write(List<CompositeAlert> composites, RocksStore.Writes writes) {
            for (CompositeAlert c : composites) {
              writes.put(
                  "incidents",
                  c.id().getBytes(StandardCharsets.UTF_8),
                  c.caseName().getBytes(StandardCharsets.UTF_8));
            }
          }

          @Override
          public void committed(List<CompositeAlert> composites) {
            composites.forEach(c -> committed.add(c.id()));
          }
        };
    String id;
    try (DurableState s = DurableState.open(dir, false, w -> {})) {
      s.rocks().ensureFamily("incidents");
      long seq = s.journal().append(List.of("{}".getBytes(StandardCharsets.UTF_8)));
      DurableContexts durable = new DurableContexts(s, List.of(hook), w -> {});
      ContextTable t = table(durable, new CorrelationStats());
      List<CompositeAlert> out = new ArrayList<>();
      process(t, enumeration(), out::add);
      process(
          t,
          kernelModule(),
          c -> {
            out.add(c);
            durable.emitted(c);
          });
      durable.applied(seq);
      assertThat(out).isNotEmpty();
      id = out.get(0).id();
      assertThat(committed).as("nothing before the commit").isEmpty();
      assertThat(durable.commit()).isTrue();
      assertThat(committed).containsExactly(id);
    }
    try (DurableState s = DurableState.open(dir, false, w -> {})) {
      assertThat(s.rocks().get("incidents", id.getBytes(StandardCharsets.UTF_8)))
          .asString(StandardCharsets.UTF_8)
          .isNotEmpty();
      assertThat(s.journal().pending()).isEmpty();
      assertThat(s.contexts().index(w -> {}))
          .extracting(StoredContexts.Stored::key)
          .containsExactly(KEY);
    }
  }

  @Test
  void aHookThatThrowsLosesOnlyItsOwnWrites(@TempDir Path dir) throws Exception {
    List<String> warnings = new ArrayList<>();
    CommitHook broken =
        new CommitHook() {
          @Override
          public void write(List<CompositeAlert> composites, RocksStore.Writes writes) {
            writes.put("incidents", new byte[] {1}, new byte[] {1});
            throw new IllegalStateException("broken hook");
          }
        };
    try (DurableState s = DurableState.open(dir, false, warnings::add)) {
      s.rocks().ensureFamily("incidents");
      DurableContexts durable = new DurableContexts(s, List.of(broken), warnings::add);
      ContextTable t = table(durable, new CorrelationStats());
      process(t, enumeration(), c -> {});
      process(t, kernelModule(), durable::emitted);
      assertThat(durable.commit()).isTrue();
      assertThat(s.rocks().get("incidents", new byte[] {1})).isNull();
      assertThat(s.contexts().index(w -> {})).hasSize(1);
    }
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("broken hook"));
  }
}
