package io.falcocorrelator.server;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.ingest.Admission;
import io.falcocorrelator.ingest.ClassifiedAlert;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.store.CommitHook;
import io.falcocorrelator.store.RocksStore;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled runtime's extension points, on its real correlator thread: commit hooks and the
 * evidence snapshot.
 */
class CorrelationServiceTest {
  private static final RuleSet RULES = RulesLoader.embedded();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-02-17T03:02:00Z"));

  private static CorrelationService.Classified classified(FalcoAlert a) {
    return new CorrelationService.Classified(a, RULES.classifier().classify(a), -1, null);
  }

  private static ClassifiedAlert submitted(FalcoAlert a) {
    return new ClassifiedAlert(a, RULES.classifier().classify(a), null);
  }

  private static FalcoAlert enumeration(String container) {
    return alert("Container Environment Enumeration by Upper Layer Process")
        .at("2026-02-17T03:01:30Z")
        .container(container)
        .field("fd.name", "/proc/1/cgroup")
        .build();
  }

  private static FalcoAlert kernelModule(String container) {
    return alert("Linux Kernel Module Injection Detected")
        .at("2026-02-17T03:01:40Z")
        .container(container)
        .build();
  }

  @Test
  void inMemoryTheHooksHearEachBatchsCompositesAfterIt() throws Exception {
    List<String> committed = new CopyOnWriteArrayList<>();
    try (CorrelationService s =
        new CorrelationService(
            RULES, 100, clock, Duration.ofSeconds(30), new CorrelationStats(), c -> {})) {
      s.addCommitHook(
          new CommitHook() {
            @Override
            public void committed(List<CompositeAlert> composites) {
              composites.forEach(c -> committed.add(c.caseName()));
            }
          });
      assertThat(s.rocks()).isEmpty();
      s.start();
      assertThat(
              s.offer(
                  List.of(
                      classified(enumeration("aaaaaaaaaaaa")),
                      classified(kernelModule("aaaaaaaaaaaa")))))
          .isTrue();
      Await.until("the commit", Duration.ofSeconds(10), () -> !committed.isEmpty());
      assertThat(committed).containsExactly("Kernel Module Container Escape");
    }
  }

  @Test
  void theSnapshotHoldsOnlyContextsWithEvidenceNewestFirstAndBounded(@TempDir Path dir)
      throws Exception {
    try (DurableState durable = DurableState.open(dir, false, w -> {});
        CorrelationService s =
            new CorrelationService(
                RULES,
                100,
                clock,
                Duration.ofSeconds(30),
                new CorrelationStats(),
                c -> {},
                durable)) {
      s.recover(new AlertReader());
      s.start();
      s.offer(
          List.of(
              classified(enumeration("aaaaaaaaaaaa")),
              classified(enumeration("bbbbbbbbbbbb")),
              classified(alert("Terminal shell in container").build())));
      List<ContextState> all = s.withEvidence(10, st -> true).get(10, TimeUnit.SECONDS);
      assertThat(all)
          .extracting(st -> st.key().containerId())
          .containsExactly("bbbbbbbbbbbb", "aaaaaaaaaaaa");
      assertThat(all).allSatisfy(st -> assertThat(st.has(ActivityGroup.ENUMERATION)).isTrue());
      assertThat(s.withEvidence(1, st -> true).get(10, TimeUnit.SECONDS)).hasSize(1);
      assertThat(
              s.withEvidence(10, st -> st.key().containerId().startsWith("a"))
                  .get(10, TimeUnit.SECONDS))
          .extracting(st -> st.key().containerId())
          .containsExactly("aaaaaaaaaaaa");
    }
  }

  @Test
  void withAStoreTheHookWritesAreStoredAndReadableAfterARestart(@TempDir Path dir)
      throws Exception {
    CommitHook hook =
        new CommitHook() {
          @Override
          public void write(List<CompositeAlert> composites, RocksStore.Writes writes) {
            composites.forEach(
                c ->
                    writes.put(
                        "incidents",
                        c.id().getBytes(StandardCharsets.UTF_8),
                        c.caseName().getBytes(StandardCharsets.UTF_8)));
          }
        };
    List<CompositeAlert> out = new CopyOnWriteArrayList<>();
    try (DurableState durable = DurableState.open(dir, false, w -> {});
        CorrelationService s =
            new CorrelationService(
                RULES,
                100,
                clock,
                Duration.ofSeconds(30),
                new CorrelationStats(),
                out::add,
                durable)) {
      s.rocks().orElseThrow().ensureFamily("incidents");
      s.addCommitHook(hook);
      s.recover(new AlertReader());
      s.start();
      assertThat(
              s.intake()
                  .submit(
                      List.of(
                          submitted(enumeration("aaaaaaaaaaaa")),
                          submitted(kernelModule("aaaaaaaaaaaa"))))
                  .toCompletableFuture()
                  .join())
          .isEqualTo(Admission.ACCEPTED);
      Await.until("the composite", Duration.ofSeconds(10), () -> !out.isEmpty());
      s.close();
    }
    try (DurableState durable = DurableState.open(dir, false, w -> {})) {
      List<String> stored = new CopyOnWriteArrayList<>();
      durable
          .rocks()
          .scan("incidents", null, (k, v) -> stored.add(new String(v, StandardCharsets.UTF_8)));
      assertThat(stored).containsExactly("Kernel Module Container Escape");
      assertThat(durable.rocks().get("incidents", out.get(0).id().getBytes(StandardCharsets.UTF_8)))
          .isNotNull();
    }
  }
}
