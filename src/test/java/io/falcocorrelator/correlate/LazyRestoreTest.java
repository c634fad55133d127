package io.falcocorrelator.correlate;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.codec.StateCodec;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Contexts restored without their state (a restart reading only the index) behave as if restored
 * whole.
 */
class LazyRestoreTest {
  private static final ContextKey KEY = new ContextKey("node-1", "7c3e9a1f4b2d", "");
  private final RuleSet rules = RulesLoader.embedded();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-02-17T03:02:00Z"));

  private final CorrelationStats stats = new CorrelationStats();

  private ContextTable table() {
    return table(ContextStore.MEMORY);
  }

  private ContextTable table(ContextStore store) {
    return new ContextTable(rules.correlator(), rules.contextKeys(), clock, stats, store);
  }

  /** A store that only reads, through {@code load}, and records removals. */
  private static ContextStore reading(
      java.util.function.Function<ContextKey, ContextState> load, List<ContextKey> removed) {
    return new ContextStore() {
      @Override
      public ContextState load(ContextKey key) {
        return load.apply(key);
      }

      @Override
      public void stored(ContextKey key, ContextState state) {}

      @Override
      public void removed(ContextKey key, RemovalCause cause) {
        removed.add(key);
      }
    };
  }

  private Outcome process(
      ContextTable t,
      io.falcocorrelator.event.FalcoAlert alert,
      java.util.function.Consumer<CompositeAlert> sink) {
    return t.process(alert, rules.classifier().classify(alert), sink);
  }

  private static ContextState golden() throws IOException {
    try (InputStream in =
        LazyRestoreTest.class.getResourceAsStream("/state/context-state-v1.json")) {
      return StateCodec.decode(in.readAllBytes());
    }
  }

  private List<String> attack(ContextTable t) {
    List<String> out = new ArrayList<>();
    process(
        t,
        alert("Detect release_agent File Container Escapes").at("2026-02-17T03:01:30Z").build(),
        c -> out.add(c.caseName() + "|" + c.id() + "|" + c.escalatedFrom()));
    process(
        t,
        alert("Change thread namespace").at("2026-02-17T03:01:40Z").build(),
        c -> out.add(c.caseName()));
    return out;
  }

  @Test
  void aLazilyRestoredContextCorrelatesLikeOneRestoredWhole() throws IOException {
    ContextState stored = golden();
    ContextTable eager = table();
    eager.restore(stored);
    AtomicInteger loads = new AtomicInteger();
    ContextTable lazy =
        table(
            reading(
                key -> {
                  loads.incrementAndGet();
                  return key.equals(KEY) ? stored : null;
                },
                new ArrayList<>()));
    lazy.restoreStored(KEY, stored.lastProcessedAt());
    assertThat(lazy.size()).isEqualTo(1);
    assertThat(loads).hasValue(0);

    List<String> expected = attack(eager);
    assertThat(expected).isNotEmpty();
    assertThat(attack(lazy)).isEqualTo(expected);
    assertThat(loads).as("read once, on first use").hasValue(1);
    assertThat(lazy.get(KEY)).isEqualTo(eager.get(KEY));
  }

  @Test
  void idleStoredContextsExpireWithoutBeingRead() throws IOException {
    AtomicInteger loads = new AtomicInteger();
    ContextTable t =
        table(
            reading(
                key -> {
                  loads.incrementAndGet();
                  return null;
                },
                new ArrayList<>()));
    Instant lastProcessedAt = golden().lastProcessedAt();
    t.restoreStored(KEY, lastProcessedAt);
    t.restoreStored(new ContextKey("node-2", "abc", ""), lastProcessedAt.plus(Duration.ofHours(5)));
    clock.set(lastProcessedAt.plus(rules.correlator().settings().idleTimeout()).plusSeconds(1));
    assertThat(t.advanceTime(clock.instant())).isEqualTo(1);
    assertThat(t.size()).isEqualTo(1);
    assertThat(loads).hasValue(0);
    assertThat(stats.removals(RemovalCause.IDLE)).isEqualTo(1);
  }

  @Test
  void anUnreadableStoredContextStartsAfreshAndIsRemovedFromTheStore() {
    List<ContextKey> removed = new ArrayList<>();
    ContextTable t =
        table(
            reading(
                key -> {
                  throw new ContextStore.UnreadableStateException(
                      "stored context " + key + " dropped: truncated", null);
                },
                removed));
    t.restoreStored(KEY, clock.instant());
    assertThat(t.get(KEY)).isEmpty();
    assertThat(removed).containsExactly(KEY);
    assertThat(t.size()).isZero();
    assertThat(stats.removals(RemovalCause.UNREADABLE)).isEqualTo(1);
    // An alert for it later starts a new context.
    process(t, alert("Change thread namespace").at("2026-02-17T03:01:40Z").build(), c -> {});
    assertThat(t.get(KEY)).hasValueSatisfying(s -> assertThat(s.evidenceCount()).isEqualTo(1));
  }
}
