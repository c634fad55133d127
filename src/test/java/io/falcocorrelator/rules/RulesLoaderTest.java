package io.falcocorrelator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.yaml.RulesException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesLoaderTest {
  @Test
  void shipsTheEightCasesOfTheSpecification() {
    Map<String, Severity> cases =
        RulesLoader.embedded().cases().all().stream()
            .collect(Collectors.toMap(CaseDefinition::name, CaseDefinition::severity));
    assertThat(cases)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Kernel Module Container Escape", Severity.CRITICAL,
                "Core Pattern Container Escape", Severity.CRITICAL,
                "Ptrace Host Injection", Severity.CRITICAL,
                "Cgroup Release Agent Escape", Severity.CRITICAL,
                "Privileged Namespace Escape", Severity.HIGH,
                "Docker Socket Escape", Severity.HIGH,
                "Namespace Breakout with Evasion", Severity.MEDIUM,
                "Suspicious Container Activity", Severity.MEDIUM));
  }

  @Test
  void givesEveryCaseVectorSpecificTriageThenTheCommonSteps() {
    var cases = RulesLoader.embedded().cases();
    assertThat(cases.byId("kernel_module_container_escape").orElseThrow().triage().get(0))
        .contains("lsmod");
    assertThat(cases.byId("core_pattern_container_escape").orElseThrow().triage().get(0))
        .contains("/proc/sys/kernel/core_pattern");
    assertThat(cases.byId("docker_socket_escape").orElseThrow().triage().get(0))
        .contains("containers created through the socket");
    assertThat(cases.byId("ptrace_host_injection").orElseThrow().triage().get(0))
        .contains("traced processes");
    assertThat(cases.all())
        .allSatisfy(
            c -> {
              assertThat(c.triage())
                  .anySatisfy(t -> assertThat(t).startsWith("Assume host compromise"));
              assertThat(c.mitre())
                  .contains("T1611".equals(c.mitre().get(0)) ? "T1611" : c.mitre().get(0));
              assertThat(c.window()).isEqualTo(Duration.ofMinutes(30));
            });
  }

  @Test
  void coversAllTenGroupsWithDefaultMappings() {
    EnumSet<ActivityGroup> covered = EnumSet.noneOf(ActivityGroup.class);
    RulesLoader.embedded().classifier().mappings().forEach(m -> covered.addAll(m.groups()));
    assertThat(covered).containsExactlyInAnyOrder(ActivityGroup.values());
  }

  @Test
  void mergesTheUsersOwnFilesWithTheShippedOnes(@TempDir Path dir) throws Exception {
    for (String f : new String[] {"mappings.yaml", "cases.yaml"}) {
      Files.copy(Path.of("rules-yaml", f), dir.resolve(f));
    }
    Files.writeString(
        dir.resolve("zz-local.yaml"),
        "mappings:\n  - {id: my-recon, groups: [enumeration], match: {rule: My Recon Rule}}\n"
            + "cases:\n  - {id: my_case, name: My Case, severity: Medium, groups: [enumeration, socket_discovery], window: 5m}\n");
    RuleSet set = RulesLoader.fromDirectory(dir);
    assertThat(set.cases().byId("my_case").orElseThrow().window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(set.classifier().mappings())
        .anySatisfy(m -> assertThat(m.id()).isEqualTo("my-recon"));
    assertThat(set.files()).containsExactly("cases.yaml", "mappings.yaml", "zz-local.yaml");
  }

  @Test
  void refusesADirectoryWithoutRules(@TempDir Path dir) {
    assertThatThrownBy(() -> RulesLoader.fromDirectory(dir))
        .isInstanceOf(RulesException.class)
        .hasMessageContaining("no *.yaml files");
    assertThatThrownBy(() -> RulesLoader.fromDirectory(dir.resolve("missing")))
        .hasMessageContaining("not a directory");
  }
}
