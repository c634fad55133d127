package io.falcocorrelator.mapping;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.TestAlerts;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default mappings against the alerts real Falco deployments send. */
class ClassifierTest {
  private final Classifier classifier = RulesLoader.embedded().classifier();

  private List<ActivityGroup> groups(TestAlerts a) {
    return classifier.classify(a.build()).stream().map(GroupHit::group).toList();
  }

  @Test
  void mapsEveryGroupFromItsStockOrCustomRule() {
    assertThat(groups(alert("Container Environment Enumeration by Upper Layer Process")))
        .containsExactly(ActivityGroup.ENUMERATION);
    assertThat(groups(alert("Launch Privileged Container")))
        .containsExactly(ActivityGroup.PRIVILEGED_CONTAINER);
    assertThat(groups(alert("Container Management Socket Discovery")))
        .containsExactly(ActivityGroup.SOCKET_DISCOVERY);
    assertThat(groups(alert("Kubernetes Client Tool Launched in Container")))
        .containsExactly(ActivityGroup.CONTAINER_MANAGEMENT_ABUSE);
    assertThat(groups(alert("The docker client is executed in a container")))
        .containsExactly(ActivityGroup.CONTAINER_MANAGEMENT_ABUSE);
    assertThat(groups(alert("Change thread namespace")))
        .containsExactly(ActivityGroup.NAMESPACE_MANIPULATION);
    assertThat(groups(alert("Detect release_agent File Container Escapes")))
        .containsExactly(ActivityGroup.CGROUP_ESCAPE);
    assertThat(groups(alert("Linux Cgroup Container Escape Vulnerability (CVE-2022-0492)")))
        .containsExactly(ActivityGroup.CGROUP_ESCAPE);
    assertThat(groups(alert("Kernel Core Pattern Modified from Container")))
        .containsExactly(ActivityGroup.PROC_WRITE_ESCAPE);
    assertThat(groups(alert("PTRACE attached to process")))
        .containsExactly(ActivityGroup.PTRACE_ESCAPE);
    assertThat(groups(alert("Linux Kernel Module Injection Detected")))
        .containsExactly(ActivityGroup.KERNEL_MODULE_ESCAPE);
    assertThat(groups(alert("Execution from /dev/shm")))
        .containsExactly(ActivityGroup.EVASIVE_EXECUTION);
    assertThat(groups(alert("Nohup Execution in Container")))
        .containsExactly(ActivityGroup.EVASIVE_EXECUTION);
  }

  @Test
  void keepsEnumerationSpecific() {
    // A JVM (image binary, lower layer) reading its cgroup at start-up.
    assertThat(
            groups(
                alert("Read environment variable from /proc files")
                    .field("fd.name", "/proc/self/cgroup")
                    .field("proc.is_exe_upper_layer", false)
                    .field("proc.name", "java")))
        .isEmpty();
    assertThat(groups(alert("Read sensitive file untrusted").field("fd.name", "/etc/shadow")))
        .isEmpty();
    assertThat(groups(alert("Terminal shell in container"))).isEmpty();
    // The same file read by a dropped binary is enumeration, whatever the rule.
    assertThat(
            groups(
                alert("Some Custom Open Rule")
                    .field("fd.name", "/proc/1/mountinfo")
                    .field("proc.is_exe_upper_layer", true)))
        .containsExactly(ActivityGroup.ENUMERATION);
  }

  @Test
  void seesTheClientBehindAShadowingDropRule() {
    assertThat(
            groups(alert("Drop and execute new binary in container").field("proc.name", "kubectl")))
        .containsExactlyInAnyOrder(
            ActivityGroup.CONTAINER_MANAGEMENT_ABUSE, ActivityGroup.EVASIVE_EXECUTION);
    assertThat(
            groups(alert("Drop and execute new binary in container").field("proc.name", "deepce")))
        .containsExactly(ActivityGroup.EVASIVE_EXECUTION);
  }

  @Test
  void takesPrivilegeFromTheFieldButNotFromCapEffective() {
    assertThat(groups(alert("Terminal shell in container").field("container.privileged", true)))
        .containsExactly(ActivityGroup.PRIVILEGED_CONTAINER);
    assertThat(
            groups(
                alert("Detect release_agent File Container Escapes")
                    .field("thread.cap_effective", "CAP_SYS_ADMIN")))
        .containsExactly(ActivityGroup.CGROUP_ESCAPE);
    assertThat(
            groups(
                alert("Launch Excessively Capable Container")
                    .field("thread.cap_permitted", "CAP_NET_ADMIN CAP_SYS_ADMIN")))
        .containsExactly(ActivityGroup.PRIVILEGED_CONTAINER);
    assertThat(
            groups(
                alert("Launch Excessively Capable Container")
                    .field("thread.cap_permitted", "CAP_NET_ADMIN")))
        .isEmpty();
  }

  @Test
  void neverClassifiesFalcoInternalMessages() {
    assertThat(
            groups(
                alert("Falco internal: syscall event drop")
                    .source("internal")
                    .field("container.privileged", true)))
        .isEmpty();
  }

  @Test
  void appliesExceptions() {
    RuleSet set =
        RulesLoader.load(
            List.of(
                new RulesLoader.Source(
                    "m.yaml",
                    new StringReader(
                        String.join(
                            "\n",
                            "mappings:",
                            "  - {id: ns, groups: [namespace_manipulation, evasive_execution], match: {rule: Change thread namespace}}",
                            "exceptions:",
                            "  - id: debug-image",
                            "    groups: [namespace_manipulation]",
                            "    match: {fields: {container.name: debugger}}",
                            "  - id: everything-from-ci",
                            "    match: {fields: {k8s.ns.name: ci}}",
                            "cases:",
                            "  - {id: c, name: C, severity: High, groups: [namespace_manipulation]}")))),
            "test");
    var c = set.classifier();
    assertThat(c.classify(alert("Change thread namespace").build()))
        .extracting(GroupHit::group)
        .containsExactly(ActivityGroup.NAMESPACE_MANIPULATION, ActivityGroup.EVASIVE_EXECUTION);
    assertThat(
            c.classify(
                alert("Change thread namespace").field("container.name", "debugger").build()))
        .extracting(GroupHit::group)
        .containsExactly(ActivityGroup.EVASIVE_EXECUTION);
    assertThat(c.classify(alert("Change thread namespace").field("k8s.ns.name", "ci").build()))
        .isEmpty();
  }

  @Test
  void reportsWhichMappingFoundEachGroup() {
    assertThat(
            classifier.classify(
                alert("Terminal shell in container").field("container.privileged", true).build()))
        .containsExactly(new GroupHit(ActivityGroup.PRIVILEGED_CONTAINER, "privileged-field"));
  }
}
