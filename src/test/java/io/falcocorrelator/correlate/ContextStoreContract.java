package io.falcocorrelator.correlate;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.MutableClock;
import io.falcocorrelator.support.TestAlerts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContextStore} behind a {@link ContextTable} must do, run against each real
 * store (RocksDB for {@code serve}, the Kafka Streams state store for {@code streams}) by a
 * subclass in the store's package: a table restarted over the store continues as if never stopped,
 * idle expiry and the bound remove contexts from the store (counted by cause) without reading their
 * states, and an unreadable state is dropped, counted, and the context starts afresh.
 */
public abstract class ContextStoreContract {
  protected static final RuleSet RULES = RulesLoader.embedded();
  private static final ContextKey KEY = new ContextKey("node-1", "7c3e9a1f4b2d", "");
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-02-17T03:02:00Z"));
  private final AlertReader reader = new AlertReader();

  /** A new view of the same backing store, as a restarted process or a moved task gets. */
  protected abstract ContextStore open() throws Exception;

  /** Puts the stored contexts into {@code table} (built over {@code store}); how many. */
  protected abstract int restore(ContextStore store, ContextTable table) throws Exception;

  /** Makes what the table told {@code store} durable (where the store buffers a batch). */
  protected abstract void commit(ContextStore store) throws Exception;

  /** Replaces the stored state of {@code key} with bytes that cannot be decoded. */
  protected abstract void corrupt(ContextKey key) throws Exception;

  /** Whether a state is stored for {@code key}. */
  protected abstract boolean stored(ContextKey key) throws Exception;

  private ContextTable table(RuleSet rules, ContextStore store, CorrelationStats stats) {
    return new ContextTable(rules.correlator(), rules.contextKeys(), clock, stats, store);
  }

  /** Classifies (every rule set here has the embedded mappings) and correlates. */
  private static Outcome process(
      ContextTable table, FalcoAlert alert, java.util.function.Consumer<CompositeAlert> sink) {
    return table.process(alert, RULES.classifier().classify(alert), sink);
  }

  private List<String> run(ContextTable table, List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      process(
          table,
          reader.parseOne(line.getBytes(StandardCharsets.UTF_8)),
          c -> out.add(c.caseName() + " " + c.id()));
    }
    return out;
  }

  private static RuleSet withMaxContexts(int max) {
    CorrelationSettings d = RULES.settings();
    return new RuleSet(
        RULES.classifier(),
        RULES.cases(),
        new CorrelationSettings(
            d.stateGroups(),
            d.maxEvidencePerGroup(),
            max,
            d.idleTimeout(),
            d.dedupMemory(),
            d.evidenceFields(),
            d.maxFieldChars()),
        RULES.contextKeys(),
        RULES.origin(),
        RULES.files());
  }

  private static FalcoAlert enumeration(String container, int plusSeconds) {
    TestAlerts a =
        alert("Container Environment Enumeration by Upper Layer Process")
            .at("2026-02-17T03:01:30Z")
            .plusSeconds(plusSeconds)
            .field("fd.name", "/proc/1/cgroup");
    return a.container(container).build();
  }

  @Test
  void aTableRestartedOverTheStoreProducesTheUninterruptedComposites() throws Exception {
    List<String> lines =
        Files.readAllLines(
            Path.of("test-fixtures/scenarios/namespace-breakout-with-evasion.ndjson"));
    List<String> expected = run(table(RULES, ContextStore.MEMORY, new CorrelationStats()), lines);
    assertThat(expected).isNotEmpty();

    ContextStore first = open();
    List<String> got =
        new ArrayList<>(
            run(table(RULES, first, new CorrelationStats()), lines.subList(0, lines.size() / 2)));
    commit(first);
    ContextStore second = open();
    ContextTable restarted = table(RULES, second, new CorrelationStats());
    assertThat(restore(second, restarted)).isPositive();
    got.addAll(run(restarted, lines.subList(lines.size() / 2, lines.size())));
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void idleContextsLeaveTheStoreWithoutTheirStatesBeingRead() throws Exception {
    ContextStore first = open();
    ContextTable t = table(RULES, first, new CorrelationStats());
    process(t, enumeration("aaaaaaaaaaaa", 0), c -> {});
    clock.advance(Duration.ofHours(5));
    process(t, enumeration("bbbbbbbbbbbb", 0), c -> {});
    commit(first);
    ContextKey idle = new ContextKey("node-1", "aaaaaaaaaaaa", "");
    corrupt(idle);

    ContextStore second = open();
    CorrelationStats stats = new CorrelationStats();
    ContextTable restarted = table(RULES, second, stats);
    assertThat(restore(second, restarted)).isEqualTo(2);
    clock.advance(Duration.ofHours(2));
    assertThat(restarted.advanceTime(clock.instant())).isEqualTo(1);
    commit(second);
    assertThat(stats.removals(RemovalCause.IDLE)).isEqualTo(1);
    assertThat(stats.removals(RemovalCause.UNREADABLE)).as("never read").isZero();
    assertThat(stored(idle)).isFalse();
    assertThat(stored(new ContextKey("node-1", "bbbbbbbbbbbb", ""))).isTrue();
  }

  @Test
  void theBoundEvictsTheLeastRecentlyUsedFromTheStore() throws Exception {
    ContextStore store = open();
    CorrelationStats stats = new CorrelationStats();
    ContextTable t = table(withMaxContexts(2), store, stats);
    process(t, enumeration("c1", 0), c -> {});
    process(t, enumeration("c2", 0), c -> {});
    process(t, enumeration("c1", 1), c -> {});
    process(t, enumeration("c3", 0), c -> {});
    commit(store);
    assertThat(t.size()).isEqualTo(2);
    assertThat(stats.removals(RemovalCause.SIZE)).isEqualTo(1);
    assertThat(stored(new ContextKey("node-1", "c2", ""))).isFalse();
    assertThat(stored(new ContextKey("node-1", "c1", ""))).isTrue();
    assertThat(stored(new ContextKey("node-1", "c3", ""))).isTrue();
  }

  @Test
  void anUnreadableStateIsDroppedCountedAndItsContextStartsAfresh() throws Exception {
    ContextStore first = open();
    ContextTable t = table(RULES, first, new CorrelationStats());
    process(t, enumeration(KEY.containerId(), 0), c -> {});
    commit(first);
    corrupt(KEY);

    ContextStore second = open();
    CorrelationStats stats = new CorrelationStats();
    ContextTable restarted = table(RULES, second, stats);
    restore(second, restarted);
    assertThat(process(restarted, enumeration(KEY.containerId(), 5), c -> {}))
        .isEqualTo(Outcome.CORRELATED);
    commit(second);
    assertThat(stats.removals(RemovalCause.UNREADABLE)).isEqualTo(1);
    assertThat(restarted.get(KEY))
        .hasValueSatisfying(s -> assertThat(s.evidenceCount()).isEqualTo(1));
    assertThat(stored(KEY)).isTrue();
    ContextStore third = open();
    ContextTable again = table(RULES, third, new CorrelationStats());
    restore(third, again);
    assertThat(again.get(KEY))
        .as("the fresh state was stored")
        .hasValueSatisfying(s -> assertThat(s.evidenceCount()).isEqualTo(1));
  }
}
