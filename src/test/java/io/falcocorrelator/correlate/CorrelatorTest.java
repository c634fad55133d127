package io.falcocorrelator.correlate;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.MutableClock;
import io.falcocorrelator.support.TestAlerts;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CorrelatorTest {
  static final String T0 = "2026-02-17T03:00:00Z";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
  private final List<CompositeAlert> out = new ArrayList<>();
  private ContextTable table;
  private RuleSet rules;

  @BeforeEach
  void setUp() {
    table = table(RulesLoader.embedded());
  }

  private ContextTable table(RuleSet set) {
    rules = set;
    return new ContextTable(set.correlator(), set.contextKeys(), clock, new CorrelationStats());
  }

  private Outcome send(TestAlerts a) {
    FalcoAlert alert = a.build();
    return table.process(alert, rules.classifier().classify(alert), out::add);
  }

  private static TestAlerts enumeration() {
    return alert("Container Environment Enumeration by Upper Layer Process")
        .at(T0)
        .field("fd.name", "/proc/1/cgroup");
  }

  private static TestAlerts kernelModule() {
    return alert("Linux Kernel Module Injection Detected").at(T0);
  }

  private List<String> cases() {
    return out.stream().map(CompositeAlert::caseName).toList();
  }

  @Test
  void firesWhenAllGroupsFallWithinTheWindowInclusive() {
    send(enumeration());
    assertThat(out).isEmpty();
    send(kernelModule().plusSeconds(30 * 60));
    assertThat(cases()).containsExactly("Kernel Module Container Escape");
    CompositeAlert c = out.get(0);
    assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(c.groups())
        .containsExactly(ActivityGroup.ENUMERATION, ActivityGroup.KERNEL_MODULE_ESCAPE);
    assertThat(c.evidence())
        .extracting(Evidence::rule)
        .containsExactly(
            "Container Environment Enumeration by Upper Layer Process",
            "Linux Kernel Module Injection Detected");
    assertThat(c.firstSeen()).isEqualTo(Instant.parse(T0));
    assertThat(c.lastSeen()).isEqualTo(Instant.parse(T0).plusSeconds(1800));
    assertThat(c.detectedAt()).isEqualTo(clock.instant());
    assertThat(c.key()).isEqualTo(new ContextKey("node-1", "7c3e9a1f4b2d", ""));
    assertThat(c.info().containerName()).isEqualTo("web");
  }

  @Test
  void doesNotFireOneNanosecondPastTheWindow() {
    send(enumeration());
    send(kernelModule().at(Instant.parse(T0).plusSeconds(1800).plusNanos(1)));
    assertThat(out).isEmpty();
  }

  @Test
  void firesOnOutOfOrderArrival() {
    send(kernelModule().plusSeconds(120));
    send(enumeration());
    assertThat(cases()).containsExactly("Kernel Module Container Escape");
  }

  @Test
  void countsTheSameAlertOnceAndFireOnce() {
    send(enumeration());
    assertThat(send(enumeration())).isEqualTo(Outcome.DUPLICATE);
    send(kernelModule().plusSeconds(1));
    send(kernelModule().plusSeconds(2));
    send(enumeration().plusSeconds(3));
    assertThat(out).hasSize(1);
    assertThat(table.stats().outcome(Outcome.DUPLICATE)).isEqualTo(1);
  }

  @Test
  void keepsContextsApart() {
    send(enumeration().container("aaaaaaaaaaaa"));
    send(kernelModule().container("bbbbbbbbbbbb"));
    send(kernelModule().host("node-2"));
    assertThat(out).isEmpty();
    assertThat(table.size()).isEqualTo(3);
  }

  @Test
  void countsButNeverCorrelateHostProcesses() {
    assertThat(send(enumeration().container("host"))).isEqualTo(Outcome.NOT_A_CONTAINER);
    assertThat(send(kernelModule().field("container.id", null))).isEqualTo(Outcome.NOT_A_CONTAINER);
    assertThat(table.size()).isZero();
    assertThat(table.stats().groupHits(ActivityGroup.ENUMERATION)).isEqualTo(1);
  }

  @Test
  void holdsPrivilegeForTheContainersLifeOutsideAnyWindow() {
    send(alert("Launch Privileged Container").at(T0).plusSeconds(-5 * 3600));
    send(enumeration());
    send(alert("Detect release_agent File Container Escapes").at(T0).plusSeconds(60));
    assertThat(cases()).containsExactly("Cgroup Release Agent Escape");
  }

  @Test
  void escalatesAndFoldBySeverity() {
    send(alert("Drop and execute new binary in container").at(T0).field("proc.name", "deepce"));
    send(enumeration());
    send(alert("Change namespace privileges via unshare").at(T0).plusSeconds(10));
    assertThat(cases()).containsExactly("Namespace Breakout with Evasion");
    // Privilege arrives: the High case escalates the Medium one.
    send(
        alert("Terminal shell in container")
            .at(T0)
            .plusSeconds(20)
            .field("container.privileged", true));
    assertThat(cases())
        .containsExactly("Namespace Breakout with Evasion", "Privileged Namespace Escape");
    assertThat(out.get(1).escalatedFrom()).isEqualTo(out.get(0).id());
    // A Medium case completing after the High one is folded, not emitted.
    send(alert("Kubernetes Client Tool Launched in Container").at(T0).plusSeconds(30));
    assertThat(out).hasSize(2);
    assertThat(table.stats().folded()).isEqualTo(1);
    ContextState s = table.get(new ContextKey("node-1", "7c3e9a1f4b2d", "")).orElseThrow();
    assertThat(s.firedCase("suspicious_container_activity").folded()).isTrue();
    assertThat(s.firedCase("suspicious_container_activity").compositeId())
        .isEqualTo(out.get(1).id());
    // A Critical case is a new, more severe vector: emitted.
    send(kernelModule().plusSeconds(40));
    assertThat(cases()).last().isEqualTo("Kernel Module Container Escape");
    assertThat(out.get(2).escalatedFrom()).isEqualTo(out.get(1).id());
    // Another Critical vector of equal severity is emitted too.
    send(alert("Kernel Core Pattern Modified from Container").at(T0).plusSeconds(50));
    assertThat(cases()).last().isEqualTo("Core Pattern Container Escape");
    assertThat(out.get(3).escalatedFrom()).isEmpty();
  }

  @Test
  void foldsLowerCasesCompletingInTheSameStepIntoTheEmittedOne() {
    send(alert("Drop and execute new binary in container").at(T0).field("proc.name", "deepce"));
    send(enumeration().field("container.privileged", true));
    send(alert("Change thread namespace").at(T0).plusSeconds(5));
    assertThat(cases()).containsExactly("Privileged Namespace Escape");
    assertThat(out.get(0).relatedCases()).containsExactly("namespace_breakout_with_evasion");
  }

  @Test
  void givesTheSameIdToTheSameDetection() {
    send(enumeration());
    send(kernelModule().plusSeconds(10));
    String first = out.get(0).id();
    out.clear();
    setUp();
    send(kernelModule().plusSeconds(10));
    send(enumeration());
    assertThat(out.get(0).id()).isEqualTo(first);
  }

  @Test
  void treatsAlertsOlderThanTheContextsWindowAsLate() {
    send(enumeration().plusSeconds(7200));
    assertThat(send(kernelModule())).isEqualTo(Outcome.LATE);
    assertThat(out).isEmpty();
  }

  @Test
  void startsAFreshIncidentAfterAnEventTimeGap() {
    send(enumeration());
    send(kernelModule().plusSeconds(10));
    send(enumeration().plusSeconds(7 * 3600));
    send(kernelModule().plusSeconds(7 * 3600 + 10));
    assertThat(cases())
        .containsExactly("Kernel Module Container Escape", "Kernel Module Container Escape");
    assertThat(out.get(0).id()).isNotEqualTo(out.get(1).id());
    assertThat(table.stats().expired()).isEqualTo(1);
  }

  @Test
  void expiresIdleContextsByTheInjectedClock() {
    send(enumeration());
    send(enumeration().container("other"));
    clock.advance(Duration.ofHours(5));
    send(enumeration().container("other").plusSeconds(1));
    clock.advance(Duration.ofHours(2));
    assertThat(table.expireIdle()).isEqualTo(1);
    assertThat(table.get(new ContextKey("node-1", "7c3e9a1f4b2d", ""))).isEmpty();
    assertThat(table.get(new ContextKey("node-1", "other", ""))).isPresent();
  }

  @Test
  void evictsTheLeastRecentlyUsedContextBeyondTheCap() {
    RuleSet set = withSettings("max_contexts: 2");
    table = table(set);
    send(enumeration().container("c1"));
    send(enumeration().container("c2"));
    send(enumeration().container("c1").plusSeconds(1));
    send(enumeration().container("c3"));
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.get(new ContextKey("node-1", "c2", ""))).isEmpty();
    assertThat(table.stats().evicted()).isEqualTo(1);
  }

  @Test
  void capsEvidencePerGroupKeepingTheNewest() {
    table = table(withSettings("max_evidence_per_group: 3"));
    for (int i = 0; i < 10; i++) {
      send(enumeration().plusSeconds(i));
    }
    ContextState s = table.get(new ContextKey("node-1", "7c3e9a1f4b2d", "")).orElseThrow();
    assertThat(s.evidenceOf(ActivityGroup.ENUMERATION))
        .extracting(e -> e.time().getEpochSecond() - Instant.parse(T0).getEpochSecond())
        .containsExactly(7L, 8L, 9L);
  }

  @Test
  void keysByExtraFieldsWhenConfigured() {
    table = table(withSettings("context: {extra_key_fields: [cluster]}"));
    send(enumeration().field("cluster", "prod"));
    send(kernelModule().field("cluster", "staging").plusSeconds(1));
    assertThat(out).isEmpty();
    send(kernelModule().field("cluster", "prod").plusSeconds(2));
    assertThat(out).singleElement().satisfies(c -> assertThat(c.key().scope()).isEqualTo("prod"));
  }

  @Test
  void truncatesLongEvidenceValues() {
    send(enumeration().field("proc.cmdline", "A".repeat(20_000)));
    send(kernelModule().plusSeconds(1));
    String cmd = out.get(0).evidence().get(0).fieldText("proc.cmdline");
    assertThat(cmd).hasSize(4096).endsWith("\u2026");
  }

  @Test
  void keepsFalcoTypesInEvidence() {
    send(
        enumeration()
            .field("proc.pid", 31337L)
            .field("container.privileged", false)
            .field("proc.is_exe_upper_layer", true)
            .field("proc.args", java.util.List.of("-a", 7L))
            .field("user.uid", new java.math.BigInteger("18446744073709551615")));
    send(kernelModule().plusSeconds(1));
    java.util.Map<String, Object> f = out.get(0).evidence().get(0).fields();
    assertThat(f.get("proc.pid")).isEqualTo(31337L);
    assertThat(f.get("container.privileged")).isEqualTo(false);
    assertThat(f.get("proc.is_exe_upper_layer")).isEqualTo(true);
    assertThat(f.get("proc.args")).isEqualTo(java.util.List.of("-a", 7L));
    assertThat(f.get("user.uid")).isEqualTo(new java.math.BigInteger("18446744073709551615"));
  }

  @Test
  void cutsLongListsToTheFieldLimit() {
    table = table(withSettings("max_field_chars: 64\n  evidence_fields: [proc.args]"));
    send(
        enumeration()
            .field(
                "proc.args",
                java.util.List.of("a".repeat(20), "b".repeat(20), "c".repeat(20), "d".repeat(20))));
    send(kernelModule().plusSeconds(1));
    assertThat(out.get(0).evidence().get(0).fields().get("proc.args"))
        .isEqualTo(java.util.List.of("a".repeat(20), "b".repeat(20), "c".repeat(20)));
  }

  private static RuleSet withSettings(String settings) {
    String cases =
        "cases:\n  - {id: k, name: Kernel Module Container Escape, severity: Critical, groups: [enumeration, kernel_module_escape]}\n";
    String mappings =
        "mappings:\n"
            + "  - {id: e, groups: [enumeration], match: {rule: Container Environment Enumeration by Upper Layer Process}}\n"
            + "  - {id: k, groups: [kernel_module_escape], match: {rule: Linux Kernel Module Injection Detected}}\n";
    return RulesLoader.load(
        List.of(
            new RulesLoader.Source(
                "r.yaml", new StringReader(mappings + cases + "settings:\n  " + settings + "\n"))),
        "test");
  }
}
