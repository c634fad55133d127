package io.falcocorrelator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.falcocorrelator.mapping.FieldCondition.Affix;
import io.falcocorrelator.mapping.FieldCondition.Compare;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldConditionTest {
  @Test
  void equalsFollowsYamlTyping() {
    FieldCondition isTrue = new FieldCondition.Equals(true);
    assertThat(isTrue.test(true)).isTrue();
    assertThat(isTrue.test("true")).isTrue();
    assertThat(isTrue.test(false)).isFalse();
    assertThat(isTrue.test(null)).isFalse();
    FieldCondition zero = new FieldCondition.Equals(0L);
    assertThat(zero.test(0L)).isTrue();
    assertThat(zero.test("0")).isTrue();
    assertThat(zero.test(1L)).isFalse();
    FieldCondition text = new FieldCondition.Equals("nsenter");
    assertThat(text.test("nsenter")).isTrue();
    assertThat(text.test("nsenter2")).isFalse();
  }

  @Test
  void inMatchesCanonicalText() {
    FieldCondition in = new FieldCondition.In(Set.of("docker", "kubectl", "0"));
    assertThat(in.test("kubectl")).isTrue();
    assertThat(in.test(0L)).isTrue();
    assertThat(in.test("ctr")).isFalse();
  }

  @Test
  void affixesMatchAnyOfTheirStrings() {
    assertThat(new Affix(Affix.Kind.PREFIX, List.of("/proc/", "/sys/")).test("/sys/fs/cgroup"))
        .isTrue();
    assertThat(
            new Affix(Affix.Kind.SUFFIX, List.of("release_agent")).test("/tmp/cgrp/release_agent"))
        .isTrue();
    assertThat(
            new Affix(Affix.Kind.CONTAINS, List.of("docker.sock"))
                .test("curl --unix-socket /var/run/docker.sock"))
        .isTrue();
    assertThat(new Affix(Affix.Kind.CONTAINS, List.of("docker.sock")).test("curl http://x"))
        .isFalse();
  }

  @Test
  void globMatchesWholeValuesLikeFalco() {
    FieldCondition glob =
        new FieldCondition.Patterns(
            "glob",
            List.of("/proc/*/cgroup"),
            List.of(FieldCondition.Patterns.glob("/proc/*/cgroup")),
            true);
    assertThat(glob.test("/proc/1/cgroup")).isTrue();
    assertThat(glob.test("/proc/self/task/1/cgroup")).isTrue();
    assertThat(glob.test("/proc/1/cgroup.x")).isFalse();
    assertThat(FieldCondition.Patterns.glob("a?c.[x]").matches("abc.[x]")).isTrue();
    assertThat(FieldCondition.Patterns.glob("a?c.[x]").matches("abc.x")).isFalse();
  }

  @Test
  void globShapesAgreeWithTheCompiledGlobs() {
    // The shape decides most globs without RE2/J: it must give RE2/J's answer on every value.
    List<String> globs =
        List.of(
            "/proc/*/cgroup",
            "/.dockerenv",
            "/proc/sys/kernel/core_pattern",
            "ab*ba",
            "*.sock",
            "/run/*",
            "*",
            "",
            "a?c",
            "/proc/*/attr/*",
            "x*y*z",
            "??",
            "*mid*");
    List<String> values =
        List.of(
            "/proc/1/cgroup",
            "/proc/cgroup",
            "/proc//cgroup",
            "/.dockerenv",
            "/.dockerenvx",
            "aba",
            "abba",
            "abxba",
            "docker.sock",
            ".sock",
            "sock",
            "/run/",
            "/run/x/y",
            "",
            "abc",
            "ac",
            "/proc/1/attr/current",
            "xyz",
            "xz",
            "ab",
            "a",
            "amidb",
            "mid",
            "/proc/sys/kernel/core_pattern");
    for (String glob : globs) {
      FieldCondition condition =
          new FieldCondition.Patterns(
              "glob", List.of(glob), List.of(FieldCondition.Patterns.glob(glob)), true);
      for (String value : values) {
        assertThat(condition.test(value))
            .as("%s ~ %s", value, glob)
            .isEqualTo(FieldCondition.Patterns.glob(glob).matches(value));
      }
    }
    assertThat(FieldCondition.GlobShape.of("/proc/*/cgroup").decisive()).isTrue();
    assertThat(FieldCondition.GlobShape.of("x*y*z").decisive()).isFalse();
  }

  @Test
  void setMembershipRefusesOtherLengthsAndFindsMembers() {
    FieldCondition.In in =
        new FieldCondition.In(java.util.Set.of("find", "fd", "plocate", "x".repeat(70)));
    assertThat(in.test("find")).isTrue();
    assertThat(in.test("fd")).isTrue();
    assertThat(in.test("plocate")).isTrue();
    assertThat(in.test("x".repeat(70))).isTrue();
    assertThat(in.test("x".repeat(80))).isFalse();
    assertThat(in.test("fine")).isFalse();
    assertThat(in.test("bash")).isFalse();
    assertThat(in.test("cat")).isFalse();
  }

  @Test
  void regexFindsAnywhereInLinearTime() {
    FieldCondition regex =
        new FieldCondition.Patterns(
            "regex", List.of("(a+)+$"), List.of(com.google.re2j.Pattern.compile("(a+)+$")), false);
    // Catastrophic for backtracking engines; RE2/J answers in time linear in the input.
    String hostile = "a".repeat(50_000) + "!";
    assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> assertThat(regex.test(hostile)).isFalse());
    assertThat(regex.test("xaaa")).isTrue();
  }

  @Test
  void existsAndNumericComparisons() {
    assertThat(new FieldCondition.Exists(true).test(null)).isFalse();
    assertThat(new FieldCondition.Exists(false).test(null)).isTrue();
    assertThat(new FieldCondition.Exists(true).test(0L)).isTrue();
    assertThat(new Compare(Compare.Op.GT, 100).test(894L)).isTrue();
    assertThat(new Compare(Compare.Op.GT, 100).test("894")).isTrue();
    assertThat(new Compare(Compare.Op.LTE, 0).test(-1L)).isTrue();
    assertThat(new Compare(Compare.Op.LT, 0).test("x")).isFalse();
    assertThat(new Compare(Compare.Op.GTE, 1.5).test(1.5)).isTrue();
  }

  @Test
  void listValuesPassWhenAnyElementPasses() {
    FieldCondition in = new FieldCondition.In(Set.of("unix"));
    assertThat(in.test(List.of("ipv4", "unix"))).isTrue();
    assertThat(in.test(List.of("ipv4"))).isFalse();
  }
}
