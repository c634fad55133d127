package io.falcocorrelator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.CapturedStdio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** explain, test and validate's schema and Falco-rules checks, as users run them. */
class AuthoringCliTest extends CapturedStdio {
  private static final String ENV_READ =
      "{\"output\":\"x\",\"priority\":\"Warning\",\"rule\":\"Read environment variable from /proc files\","
          + "\"source\":\"syscall\",\"time\":\"2026-03-01T10:00:00Z\",\"hostname\":\"node-1\",\"tags\":[\"container\"],"
          + "\"output_fields\":{\"container.id\":\"abc123abc123\",\"proc.is_exe_upper_layer\":false,\"fd.name\":\"/proc/1/environ\"}}";
  private static final String HOST_ENUM =
      "{\"output\":\"x\",\"priority\":\"Warning\",\"rule\":\"Container Environment Enumeration by Upper Layer Process\","
          + "\"source\":\"syscall\",\"time\":\"2026-03-01T10:00:01Z\",\"hostname\":\"node-1\",\"output_fields\":{\"container.id\":\"host\"}}";
  private static final String NO_ID =
      "{\"output\":\"x\",\"priority\":\"Warning\",\"rule\":\"Linux Kernel Module Injection Detected\","
          + "\"source\":\"syscall\",\"time\":\"2026-03-01T10:00:02Z\",\"hostname\":\"node-1\",\"output_fields\":{}}";

  private static Path alerts(Path dir) throws Exception {
    return Files.writeString(
        dir.resolve("alerts.ndjson"), ENV_READ + "\n" + HOST_ENUM + "\n" + NO_ID + "\n");
  }

  @Test
  void explainShowsContextMatchesAndNearMissesWithTheirReasons(@TempDir Path dir) throws Exception {
    assertThat(Main.run("explain", alerts(dir).toString())).isZero();
    String text = out();
    assertThat(text)
        .contains(
            "line 1: \"Read environment variable from /proc files\" (Warning, syscall, 2026-03-01T10:00:00Z)")
        .contains("  context: node-1 / abc123abc123")
        .containsPattern(
            "near miss enumeration-environ-read-by-dropped-binary \\(mappings\\.yaml:\\d+\\) -> enumeration")
        .contains("FAIL proc.is_exe_upper_layer equals true: `proc.is_exe_upper_layer` is false")
        .containsPattern(
            "matched enumeration-custom-rule \\(mappings\\.yaml:\\d+\\) -> enumeration")
        .contains("context: none: container.id is \"host\": a host process")
        .contains("context: none: no container id");
  }

  @Test
  void explainJsonCarriesTheSameForTools(@TempDir Path dir) throws Exception {
    assertThat(Main.run("explain", "--json", alerts(dir).toString())).isZero();
    JsonNode root = JsonMapper.builder().build().readTree(out());
    JsonNode first = root.path("alerts").get(0);
    assertThat(first.path("context").path("container_id").asString()).isEqualTo("abc123abc123");
    assertThat(first.path("groups")).isEmpty();
    JsonNode miss = first.path("near_misses").get(0);
    assertThat(miss.path("id").asString()).isEqualTo("enumeration-environ-read-by-dropped-binary");
    assertThat(miss.path("origin").asString()).matches("mappings\\.yaml:\\d+");
    assertThat(miss.path("failed").get(0).path("actual").asString()).isEqualTo("false");
    assertThat(miss.path("failed").get(0).path("reason").asString())
        .isEqualTo("`proc.is_exe_upper_layer` is false");
    JsonNode second = root.path("alerts").get(1);
    assertThat(second.path("context").isNull()).isTrue();
    assertThat(second.path("no_context_reason").asString()).contains("host process");
    assertThat(second.path("groups").get(0).path("group").asString()).isEqualTo("enumeration");
    assertThat(second.path("matched").get(0).path("id").asString())
        .isEqualTo("enumeration-custom-rule");
  }

  @Test
  void explainReadsStdinAndReportsUnreadableInput(@TempDir Path dir) throws Exception {
    assertThat(Main.run("explain", dir.resolve("missing.json").toString())).isEqualTo(2);
    assertThat(err()).contains("missing.json: no such file");
    Path bad = Files.writeString(dir.resolve("bad.ndjson"), "{not json\n");
    assertThat(Main.run("explain", bad.toString())).isEqualTo(1);
    assertThat(out()).contains("unreadable line 1");
  }

  @Test
  void theStarterTestsCoverEveryCaseAndTheyAndTheFixturesPass() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("rules-tests"))) {
      String all =
          String.join(
              "\n",
              files
                  .map(
                      p -> {
                        try {
                          return Files.readString(p);
                        } catch (java.io.IOException e) {
                          throw new java.io.UncheckedIOException(e);
                        }
                      })
                  .toList());
      for (String id :
          List.of(
              "kernel_module_container_escape",
              "core_pattern_container_escape",
              "ptrace_host_injection",
              "cgroup_release_agent_escape",
              "privileged_namespace_escape",
              "docker_socket_escape",
              "namespace_breakout_with_evasion",
              "suspicious_container_activity")) {
        assertThat(all).as(id).contains("case: " + id);
      }
    }
    assertThat(Main.run("test", "rules-tests", "test-fixtures/scenarios"))
        .as(out() + err())
        .isZero();
    long scenarios;
    try (Stream<Path> f = Files.list(Path.of("test-fixtures/scenarios"))) {
      scenarios = f.filter(p -> p.toString().endsWith(".expected.json")).count();
    }
    long passed = out().lines().filter(l -> l.startsWith("PASS ")).count();
    assertThat(passed).isGreaterThanOrEqualTo(scenarios + 8);
    assertThat(out()).contains(passed + " passed, 0 failed").doesNotContain("FAIL ");
  }

  @Test
  void aFailingTestPrintsTheDiffWritesJunitAndExitsOne(@TempDir Path dir) throws Exception {
    Path test =
        Files.writeString(
            dir.resolve("mine.yaml"),
            String.join(
                "\n",
                "tests:",
                "  - name: wrong severity",
                "    alerts:",
                "      - {rule: Container Environment Enumeration by Upper Layer Process, priority: Warning, time: \"2026-03-01T10:00:00Z\", hostname: n, output_fields: {container.id: c1}}",
                "      - {rule: Linux Kernel Module Injection Detected, priority: Warning, time: \"2026-03-01T10:01:00Z\", hostname: n, output_fields: {container.id: c1}}",
                "    expect:",
                "      composites: [{case: kernel_module_container_escape, severity: High}]",
                "      groups: [{alert: 1, must: [ptrace_escape], must_not: [enumeration]}]",
                "  - name: passes",
                "    alerts:",
                "      - {rule: Terminal shell in container, priority: Notice, time: \"2026-03-01T10:00:00Z\", hostname: n, output_fields: {container.id: c1}}",
                "    expect: {no_composite: true}",
                ""));
    Path junit = dir.resolve("junit.xml");
    assertThat(Main.run("test", "--junit", junit.toString(), test.toString())).isEqualTo(1);
    assertThat(out())
        .contains("FAIL wrong severity  (" + test + ":2)")
        .contains("composites differ (- expected, + actual):")
        .contains("  - High kernel_module_container_escape")
        .contains("  + Critical Kernel Module Container Escape hostname=n container_id=c1")
        .contains("must evidence ptrace_escape; it evidences enumeration")
        .contains("must not evidence enumeration; it does")
        .contains("PASS passes")
        .contains("1 passed, 1 failed");
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("2");
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    assertThat(xml.getElementsByTagName("failure").item(0).getTextContent())
        .contains("Critical Kernel Module Container Escape");
  }

  @Test
  void badTestFilesGetFileLineErrorsAndTheValidCasesStillRun(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("a.yaml"),
        String.join(
            "\n",
            "tests:",
            "  - name: typo",
            "    alert: []",
            "    expect: {no_composite: true}",
            "  - name: fine",
            "    alerts_file: ../missing.ndjson",
            "    expect: {no_composite: yes please}",
            "  - name: ok",
            "    alerts: [{rule: R, priority: Notice, time: \"2026-03-01T10:00:00Z\"}]",
            "    expect: {no_composite: true}",
            ""));
    Files.writeString(dir.resolve("b.yaml"), "tests:\n\t- name: tab\n");
    assertThat(Main.run("test", dir.toString())).isEqualTo(1);
    assertThat(err())
        .contains("a.yaml:3 tests[0].alert: unknown key \"alert\" (did you mean \"alerts\"?)")
        .contains(
            "a.yaml:7 tests[1].expect.no_composite: expected true or false, found the string \"yes please\"")
        .contains("b.yaml:2: invalid YAML: tab character")
        .doesNotContain("Exception");
    assertThat(out()).contains("PASS ok");
  }

  @Test
  void validateReportsStructuralErrorsWithFileLineAndSuggestions(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("mappings.yaml"),
        String.join(
            "\n",
            "mappings:",
            "  - id: a",
            "    groups: [enumeraton]",
            "    match:",
            "      rulee: X",
            "  - id: b",
            "    groups: [ptrace_escape]",
            "    match: {rule: Y, fields: {proc.pid: {gt: many}}, min_priority: [1]}",
            "  - id: c",
            "    groups: [ptrace_escape]",
            "    match: {fields: {x: {exists: maybe}}}",
            ""));
    Files.writeString(
        dir.resolve("cases.yaml"),
        "cases:\n  - {id: c, name: C, severity: High, groups: [ptrace_escape], windw: 5m}\n"
            + "  - {id: d, name: D, severity: High, groups: [ptrace_escape]}\n  - {id: d, name: E, severity: High, groups: [ptrace_escape], id: e}\n");
    assertThat(Main.run("validate", "--rules", dir.toString())).isEqualTo(1);
    assertThat(err())
        .contains("cases.yaml:2 cases[0].windw: unknown key \"windw\" (did you mean \"window\"?)")
        .contains("cases.yaml:4 cases[2].id: duplicate key \"id\"")
        .contains(
            "mappings.yaml:3 mappings[0].groups[0]: unknown group \"enumeraton\" (did you mean \"enumeration\"?)")
        .contains(
            "mappings.yaml:5 mappings[0].match.rulee: unknown key \"rulee\" (did you mean \"rule\"?)")
        .contains("mappings.yaml:8 mappings[1].match.fields[proc.pid].gt: \"gt\" expects a number")
        .contains("mappings.yaml:8 mappings[1].match.min_priority: expected a string, found a list")
        .contains("mappings.yaml:11 mappings[2].match.fields.x.exists: expected true or false")
        .doesNotContain("Exception");
  }

  @Test
  void validateChecksMappingsAgainstTheFalcoRulesUsersRun(@TempDir Path dir) throws Exception {
    Path rules = Files.createDirectory(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("mappings.yaml"),
        String.join(
            "\n",
            "mappings:",
            "  - id: typo",
            "    groups: [kernel_module_escape]",
            "    match: {rule: Linux Kernel Module Injection Detectd}",
            "  - id: disabled-rule",
            "    groups: [evasive_execution]",
            "    match: {rule: [Old Rule, Drift]}",
            "  - id: pattern",
            "    groups: [namespace_manipulation]",
            "    match: {rule: {glob: 'Namespace *'}}",
            "  - id: tagged",
            "    groups: [enumeration]",
            "    match: {tags: [T9999]}",
            "  - id: field",
            "    groups: [enumeration]",
            "    match: {rule: Linux Kernel Module Injection Detected, fields: {proc.is_exe_upper_layer: true, proc.name: insmod}}",
            "cases:",
            "  - {id: c, name: C, severity: High, groups: [kernel_module_escape, enumeration]}",
            ""));
    Path falco =
        Files.writeString(
            dir.resolve("falco_rules.yaml"),
            String.join(
                "\n",
                "- macro: container",
                "  condition: container.id != host",
                "- rule: Linux Kernel Module Injection Detected",
                "  condition: evt.type = init_module",
                "  output: Module loaded (proc=%proc.name cmd=%proc.cmdline)",
                "  priority: WARNING",
                "  tags: [T1547.006, container]",
                "- rule: Drift",
                "  condition: evt.type = chmod",
                "  output: drift %fd.name",
                "  priority: ERROR",
                "- rule: Old Rule",
                "  condition: evt.type = open",
                "  output: x",
                "  priority: ERROR",
                "- rule: Drift",
                "  enabled: false",
                ""));
    assertThat(Main.run("validate", "--rules", rules.toString(), "--falco-rules", falco.toString()))
        .isZero();
    assertThat(out())
        .contains("Falco rules: 3 rules (1 disabled) in 1 file(s)")
        .contains(
            "mappings.yaml:2 typo: rule \"Linux Kernel Module Injection Detectd\" is not defined in the Falco rules given (did you mean \"Linux Kernel Module Injection Detected\"?)")
        .contains(
            "mappings.yaml:5 disabled-rule: rule \"Drift\" is disabled (enabled: false at "
                + falco
                + ":17)")
        .contains(
            "mappings.yaml:8 pattern: rule condition glob \"Namespace *\" matches no rule defined in the Falco rules given")
        .contains(
            "mappings.yaml:11 tagged: tag \"T9999\" is carried by no rule in the Falco rules given")
        .contains(
            "mappings.yaml:14 field: field proc.is_exe_upper_layer is never in the alerts: rule \"Linux Kernel Module Injection Detected\" prints it")
        .doesNotContain("field: field proc.name")
        .contains("5 warning(s)");
    // The Falco config's append_output provides the field.
    Path config =
        Files.writeString(
            dir.resolve("falco.yaml"),
            String.join(
                "\n",
                "append_output:",
                "  - match: {source: syscall}",
                "    extra_fields: [proc.is_exe_upper_layer]",
                ""));
    resetOutput();
    assertThat(
            Main.run(
                "validate",
                "--rules",
                rules.toString(),
                "--falco-rules",
                falco.toString(),
                "--falco-config",
                config.toString(),
                "--strict"))
        .isEqualTo(1);
    assertThat(out())
        .doesNotContain("proc.is_exe_upper_layer")
        .contains("error: ")
        .contains("4 error(s) (--strict)");
    Path baseline =
        Files.writeString(
            dir.resolve("baseline.txt"),
            String.join(
                "\n",
                "# accepted",
                "typo: rule \"Linux Kernel Module Injection Detectd\" is not defined in the Falco rules given (did you mean \"Linux Kernel Module Injection Detected\"?)",
                "disabled-rule: rule \"Drift\" is disabled",
                "pattern: rule condition glob \"Namespace *\" matches no rule defined in the Falco rules given",
                "tagged: tag \"T9999\" is carried by no rule in the Falco rules given",
                "gone: something fixed long ago",
                ""));
    resetOutput();
    assertThat(
            Main.run(
                "validate",
                "--rules",
                rules.toString(),
                "--falco-rules",
                falco.toString(),
                "--falco-config",
                config.toString(),
                "--strict",
                "--baseline",
                baseline.toString()))
        .isZero();
    assertThat(out())
        .contains("accepted (baseline): mappings.yaml:5 disabled-rule: rule \"Drift\" is disabled")
        .contains(
            "note: baseline entry no longer found, remove it: gone: something fixed long ago");
  }

  @Test
  void unreadableFalcoRulesAreErrorsWithTheirLine(@TempDir Path dir) throws Exception {
    Path falco = Files.writeString(dir.resolve("bad_rules.yaml"), "- rule: X\n  output: [\n");
    assertThat(Main.run("validate", "--falco-rules", falco.toString())).isEqualTo(1);
    assertThat(err())
        .contains("cannot read the Falco rules")
        .contains("bad_rules.yaml:3: invalid YAML");
    resetOutput();
    assertThat(Main.run("validate", "--falco-rules", dir.resolve("nope").toString())).isEqualTo(1);
    assertThat(err()).contains("nope: no such file or directory");
  }
}
