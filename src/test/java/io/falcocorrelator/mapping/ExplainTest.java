package io.falcocorrelator.mapping;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.Scenarios;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** explain's reasons come from the classifier's own matchers and agree with classification. */
class ExplainTest {
  private final Classifier classifier = RulesLoader.embedded().classifier();

  @Test
  void everyVerdictAgreesWithTheMatcherAndExplainAgreesWithClassifyOnEveryFixtureAlert()
      throws Exception {
    List<FalcoAlert> alerts = new ArrayList<>();
    for (Scenarios.Scenario s : Scenarios.all()) {
      try (InputStream in = Files.newInputStream(s.alerts())) {
        new AlertReader()
            .read(
                in,
                new AlertReader.Listener() {
                  @Override
                  public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
                    alerts.add(alert);
                  }

                  @Override
                  public void error(ItemError error) {}
                });
      }
    }
    assertThat(alerts).hasSizeGreaterThan(100);
    int matched = 0;
    for (FalcoAlert a : alerts) {
      for (Mapping m : classifier.mappings()) {
        Verdict v = m.match().check(a);
        assertThat(v.matched()).as(m.id() + " on " + a.rule()).isEqualTo(m.match().test(a));
        matched += v.matched() ? 1 : 0;
      }
      Explanation e = classifier.explain(a);
      assertThat(e.groups()).isEqualTo(classifier.classify(a));
      assertThat(e.matched())
          .allMatch(v -> v.verdict().matched() && v.verdict().failed().isEmpty());
      assertThat(e.nearMisses())
          .allMatch(v -> !v.verdict().matched() && !v.verdict().failed().isEmpty());
    }
    assertThat(matched).isGreaterThan(50);
  }

  @Test
  void aFalseFieldIsANearMissWithTheValueAndTheReason() {
    FalcoAlert a =
        alert("Read environment variable from /proc files")
            .field("proc.is_exe_upper_layer", false)
            .build();
    Explanation e = classifier.explain(a);
    assertThat(e.groups()).isEmpty();
    Explanation.Verdicts miss =
        e.nearMisses().stream()
            .filter(v -> v.mapping().id().equals("enumeration-environ-read-by-dropped-binary"))
            .findFirst()
            .orElseThrow();
    assertThat(miss.mapping().origin()).matches("mappings\\.yaml:\\d+");
    assertThat(miss.verdict().passed()).extracting(Check::kind).containsExactly(Check.Kind.RULE);
    Check failed = miss.verdict().failed().get(0);
    assertThat(failed.subject()).isEqualTo("proc.is_exe_upper_layer");
    assertThat(failed.condition()).isEqualTo("equals true");
    assertThat(failed.actual()).isEqualTo("false");
    assertThat(failed.reason()).isEqualTo("`proc.is_exe_upper_layer` is false");
  }

  @Test
  void anAbsentFieldSaysToAddItToAppendOutput() {
    FalcoAlert a = alert("Launch Excessively Capable Container").build();
    Explanation.Verdicts miss = classifier.explain(a).nearMisses().get(0);
    assertThat(miss.mapping().id()).isEqualTo("sys-admin-capable-container-start");
    assertThat(miss.verdict().failed().get(0).reason())
        .isEqualTo(
            "field absent: add `thread.cap_permitted` to Falco's `append_output` (extra_fields) or to the rule's output");
    assertThat(miss.verdict().failed().get(0).actual()).isNull();
  }

  @Test
  void aDifferentRuleIsNoNearMissAndAStringMismatchShowsTheValue() {
    FalcoAlert other =
        alert("Some Rule Nobody Maps").field("proc.is_exe_upper_layer", true).build();
    assertThat(classifier.explain(other).nearMisses())
        .extracting(v -> v.mapping().id())
        .doesNotContain("enumeration-environ-read-by-dropped-binary");
    FalcoAlert find =
        alert("Whatever")
            .field("proc.name", "find")
            .field("proc.cmdline", "find / -name passwd")
            .build();
    Explanation.Verdicts miss =
        classifier.explain(find).nearMisses().stream()
            .filter(v -> v.mapping().id().equals("socket-search-command"))
            .findFirst()
            .orElseThrow();
    assertThat(miss.verdict().failed().get(0).reason())
        .startsWith("`proc.cmdline` is \"find / -name passwd\": does not satisfy regex");
  }

  @Test
  void exceptionsThatRemoveAGroupAreReportedAndHitsAreCountedOnlyByClassify() {
    String yaml =
        String.join(
            "\n",
            "mappings:",
            "  - id: ns",
            "    groups: [namespace_manipulation]",
            "    match: {rule: Change thread namespace}",
            "exceptions:",
            "  - id: debug-image",
            "    groups: [namespace_manipulation]",
            "    match: {fields: {container.image.repository: {prefix: registry.example.com/debug/}}}",
            "cases:",
            "  - {id: c, name: C, severity: High, groups: [namespace_manipulation]}");
    RuleSet set =
        RulesLoader.load(
            List.of(new RulesLoader.Source("mine.yaml", new StringReader(yaml))), "test");
    FalcoAlert a =
        alert("Change thread namespace")
            .field("container.image.repository", "registry.example.com/debug/toolbox")
            .build();
    Explanation e = set.classifier().explain(a);
    assertThat(e.groups()).isEmpty();
    assertThat(e.matched()).extracting(v -> v.mapping().id()).containsExactly("ns");
    assertThat(e.exceptions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.mapping().id()).isEqualTo("debug-image");
              assertThat(v.mapping().origin()).isEqualTo("mine.yaml:6");
              assertThat(v.groups()).containsExactly(ActivityGroup.NAMESPACE_MANIPULATION);
            });
    assertThat(set.classifier().hits().byId())
        .containsEntry("ns", 0L)
        .containsEntry("debug-image", 0L);
    set.classifier().classify(a);
    set.classifier().classify(alert("Change thread namespace").build());
    assertThat(set.classifier().hits().byId())
        .containsEntry("ns", 2L)
        .containsEntry("debug-image", 1L);
  }

  @Test
  void hitsCarryOverToTheSameIdsOnReload() {
    RuleSet first = RulesLoader.embedded();
    first.classifier().classify(alert("Linux Kernel Module Injection Detected").build());
    RuleSet second = RulesLoader.embedded();
    second.classifier().hits().carryOver(first.classifier().hits());
    assertThat(second.classifier().hits().of("kernel-module-load")).isEqualTo(1);
    assertThat(second.classifier().hits().of("ptrace-attach")).isZero();
  }
}
