package io.falcocorrelator.correlate;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine as a pure function: {@link Correlator#onAlert} called directly, every field of the
 * {@link Step} asserted (state, outcome, emitted, folded, expired), no table around it.
 */
class CorrelatorStepTest {
  private static final RuleSet RULES = RulesLoader.embedded();
  private static final String T0 = "2026-02-17T03:00:00Z";
  private static final ContextKey KEY = new ContextKey("node-1", "7c3e9a1f4b2d", "");
  private static final Instant NOW = Instant.parse("2026-02-17T04:00:00Z");
  private final Correlator correlator = RULES.correlator();

  private Step step(ContextState prior, TestAlerts a, Instant now) {
    FalcoAlert alert = a.build();
    return correlator.onAlert(prior, KEY, alert, RULES.classifier().classify(alert), now);
  }

  private static TestAlerts enumeration() {
    return alert("Container Environment Enumeration by Upper Layer Process")
        .at(T0)
        .field("fd.name", "/proc/1/cgroup");
  }

  private static TestAlerts kernelModule() {
    return alert("Linux Kernel Module Injection Detected").at(T0).plusSeconds(60);
  }

  @Test
  void anAlertEvidencingNoGroupLeavesTheContextUntouched() {
    Step s = step(null, alert("Some rule nobody maps").at(T0), NOW);
    assertThat(s.state()).isNull();
    assertThat(s.changed()).isFalse();
    assertThat(s.outcome()).isEqualTo(Outcome.UNMAPPED);
    assertThat(s.emitted()).isEmpty();
    assertThat(s.folded()).isEmpty();
    assertThat(s.expired()).isFalse();
  }

  @Test
  void theFirstEvidenceStartsAContextDatedInBothClocks() {
    Step s = step(null, enumeration(), NOW);
    assertThat(s.outcome()).isEqualTo(Outcome.CORRELATED);
    assertThat(s.emitted()).isEmpty();
    assertThat(s.folded()).isEmpty();
    assertThat(s.expired()).isFalse();
    assertThat(s.changed()).isTrue();
    ContextState st = s.state();
    assertThat(st.key()).isEqualTo(KEY);
    assertThat(st.evidence().count()).isEqualTo(1);
    assertThat(st.evidenceOf(ActivityGroup.ENUMERATION))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.rule())
                    .isEqualTo("Container Environment Enumeration by Upper Layer Process"));
    assertThat(st.firstEventTime()).isEqualTo(Instant.parse(T0));
    assertThat(st.latestEventTime()).isEqualTo(Instant.parse(T0));
    assertThat(st.lastProcessedAt()).as("processing time, from the caller").isEqualTo(NOW);
    assertThat(st.fired()).isEmpty();
  }

  @Test
  void theAlertCompletingACaseEmitsItsCompositeAndRecordsItAsFired() {
    ContextState prior = step(null, enumeration(), NOW).state();
    Instant later = NOW.plusSeconds(5);
    Step s = step(prior, kernelModule(), later);
    assertThat(s.outcome()).isEqualTo(Outcome.CORRELATED);
    assertThat(s.folded()).isEmpty();
    assertThat(s.expired()).isFalse();
    assertThat(s.emitted())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.caseName()).isEqualTo("Kernel Module Container Escape");
              assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(c.key()).isEqualTo(KEY);
              assertThat(c.groups())
                  .containsExactly(ActivityGroup.ENUMERATION, ActivityGroup.KERNEL_MODULE_ESCAPE);
              assertThat(c.firstSeen()).isEqualTo(Instant.parse(T0));
              assertThat(c.lastSeen()).isEqualTo(Instant.parse(T0).plusSeconds(60));
              assertThat(c.detectedAt()).isEqualTo(later);
              assertThat(c.escalatedFrom()).isEmpty();
              assertThat(c.relatedCases()).isEmpty();
            });
    assertThat(s.state().fired())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.caseId()).isEqualTo("kernel_module_container_escape");
              assertThat(f.compositeId()).isEqualTo(s.emitted().get(0).id());
              assertThat(f.folded()).isFalse();
            });
    assertThat(s.state().lastProcessedAt()).isEqualTo(later);
    assertThat(s.state().latestEventTime()).isEqualTo(Instant.parse(T0).plusSeconds(60));
  }

  @Test
  void theSameAlertAgainIsADuplicateAndChangesNothing() {
    ContextState prior = step(null, enumeration(), NOW).state();
    Step s = step(prior, enumeration(), NOW.plusSeconds(1));
    assertThat(s.state()).as("untouched").isNull();
    assertThat(s.changed()).isFalse();
    assertThat(s.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(s.emitted()).isEmpty();
    assertThat(s.folded()).isEmpty();
    assertThat(s.expired()).isFalse();
  }

  @Test
  void evidenceOlderThanTheContextsWindowIsLateAndKeptOut() {
    ContextState prior = step(null, enumeration().plusSeconds(7200), NOW).state();
    Step s = step(prior, kernelModule().at(T0), NOW.plusSeconds(1));
    assertThat(s.outcome()).isEqualTo(Outcome.LATE);
    assertThat(s.emitted()).isEmpty();
    assertThat(s.folded()).isEmpty();
    assertThat(s.expired()).isFalse();
    assertThat(s.state().has(ActivityGroup.KERNEL_MODULE_ESCAPE)).isFalse();
    assertThat(s.state().lastProcessedAt()).isEqualTo(NOW.plusSeconds(1));
  }

  @Test
  void anEventTimeGapPastTheIdleTimeoutStartsTheContextAfresh() {
    ContextState prior = step(null, enumeration(), NOW).state();
    Duration gap = RULES.settings().idleTimeout().plusSeconds(1);
    Step s = step(prior, kernelModule().at(Instant.parse(T0).plus(gap)), NOW.plusSeconds(1));
    assertThat(s.expired()).isTrue();
    assertThat(s.outcome()).isEqualTo(Outcome.CORRELATED);
    assertThat(s.emitted()).as("the old enumeration is gone").isEmpty();
    assertThat(s.folded()).isEmpty();
    assertThat(s.state().has(ActivityGroup.ENUMERATION)).isFalse();
    assertThat(s.state().has(ActivityGroup.KERNEL_MODULE_ESCAPE)).isTrue();
    assertThat(s.state().firstEventTime()).isEqualTo(Instant.parse(T0).plus(gap));
  }

  @Test
  void aLessSevereCaseCompletingAfterAMoreSevereOneIsFoldedNotEmitted() {
    ContextState st = null;
    String high = null;
    for (TestAlerts a :
        List.of(
            alert("Drop and execute new binary in container").at(T0).field("proc.name", "deepce"),
            enumeration(),
            alert("Change namespace privileges via unshare").at(T0).plusSeconds(10),
            alert("Terminal shell in container")
                .at(T0)
                .plusSeconds(20)
                .field("container.privileged", true))) {
      Step s = step(st, a, NOW);
      st = s.state() != null ? s.state() : st;
      for (CompositeAlert c : s.emitted()) {
        high = c.id();
      }
    }
    Step s =
        step(st, alert("Kubernetes Client Tool Launched in Container").at(T0).plusSeconds(30), NOW);
    assertThat(s.outcome()).isEqualTo(Outcome.CORRELATED);
    assertThat(s.emitted()).isEmpty();
    assertThat(s.expired()).isFalse();
    String into = high;
    assertThat(s.folded())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.caseId()).isEqualTo("suspicious_container_activity");
              assertThat(f.folded()).isTrue();
              assertThat(f.compositeId()).isEqualTo(into);
            });
    assertThat(s.state().firedCase("suspicious_container_activity")).isEqualTo(s.folded().get(0));
  }

  @Test
  void aRepeatedSightingOfAKnownStateGroupOnlyAdvancesTheClocks() {
    ContextState prior = step(null, alert("Launch Privileged Container").at(T0), NOW).state();
    Step s =
        step(
            prior,
            alert("Launch Privileged Container").at(T0).plusSeconds(30),
            NOW.plusSeconds(30));
    assertThat(s.outcome()).isEqualTo(Outcome.CORRELATED);
    assertThat(s.emitted()).isEmpty();
    assertThat(s.folded()).isEmpty();
    assertThat(s.expired()).isFalse();
    assertThat(s.state().evidence()).isEqualTo(prior.evidence());
    assertThat(s.state().latestEventTime()).isEqualTo(Instant.parse(T0).plusSeconds(30));
    assertThat(s.state().lastProcessedAt()).isEqualTo(NOW.plusSeconds(30));
  }
}
