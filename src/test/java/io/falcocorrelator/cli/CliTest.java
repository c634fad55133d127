package io.falcocorrelator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.CapturedStdio;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CliTest extends CapturedStdio {
  @Test
  void replayPrintsOneCompositePerLineAndASummary() throws Exception {
    int code = Main.run("replay", "test-fixtures/scenarios/docker-socket-escape.ndjson");
    assertThat(code).isZero();
    String[] lines = out().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode c = JsonMapper.builder().build().readTree(lines[0]);
    assertThat(c.path("case").asString()).isEqualTo("Docker Socket Escape");
    assertThat(c.path("severity").asString()).isEqualTo("High");
    for (String key :
        new String[] {
          "id",
          "case",
          "severity",
          "context",
          "groups",
          "evidence",
          "first_seen",
          "last_seen",
          "mitre",
          "triage"
        }) {
      assertThat(c.has(key)).as(key).isTrue();
    }
    for (String key :
        new String[] {
          "hostname", "container_id", "container_name", "image", "k8s_ns_name", "k8s_pod_name"
        }) {
      assertThat(c.path("context").has(key)).as(key).isTrue();
    }
    assertThat(c.path("context").path("image").asString())
        .isEqualTo("ghcr.io/acme-observability/ci-runner:2.3.1");
    JsonNode ev = c.path("evidence").get(0);
    assertThat(ev.path("output_fields").path("proc.cmdline").asString()).isNotEmpty();
    assertThat(c.path("triage").toString())
        .contains("containers created through the socket".substring(0, 10));
    assertThat(err())
        .contains("alerts read: 7, accepted: 7, rejected: 0")
        .contains(
            "group hits: enumeration=3, socket_discovery=1, container_management_abuse=2, evasive_execution=2")
        .contains("docker_socket_escape High: 1")
        .contains("+1 folded");
  }

  @Test
  void replayReportsBadLinesWithNumbersAndGoesOn(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mixed.ndjson");
    String good =
        Files.readAllLines(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson")).stream()
            .reduce("", (a, b) -> a + b + "\n");
    Files.writeString(
        f,
        "not json\n"
            + good
            + "{\"rule\":\"R\",\"priority\":\"Loud\",\"time\":\"2026-02-17T03:14:16Z\"}\n");
    assertThat(Main.run("replay", f.toString())).isZero();
    assertThat(out().strip().split("\n")).hasSize(1);
    assertThat(err())
        .contains("rejected: 2")
        .contains("mixed.ndjson: line 1: invalid JSON")
        .contains("mixed.ndjson: line 8 priority: expected one of");
  }

  @Test
  void validateAcceptsTheDefaultsAndTheShippedDirectory() {
    assertThat(Main.run("validate")).isZero();
    assertThat(out()).contains("OK embedded defaults").contains("8 cases");
    assertThat(Main.run("validate", "--rules", "rules-yaml")).isZero();
  }

  @Test
  void validateListsEveryErrorAndFails(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("a.yaml"), "mappings:\n  - id: x\n    groups: [nope]\n    match: {rule: R}\n");
    Files.writeString(
        dir.resolve("b.yaml"),
        "cases:\n  - id: Bad Id\n    name: N\n    severity: Extreme\n    groups: [enumeration]\n    window: soon\n");
    assertThat(Main.run("validate", "--rules", dir.toString())).isEqualTo(1);
    assertThat(err())
        .contains("4 problem(s)")
        .contains("a.yaml:3 mappings[0].groups[0]: unknown group \"nope\"")
        .contains("b.yaml:2 cases[0].id: id must be snake_case")
        .contains("b.yaml:4 cases[0].severity: unknown severity \"Extreme\"")
        .contains("b.yaml:6 cases[0].window: expected a positive duration");
  }

  @Test
  void validateWarnsAboutCasesThatCanNeverFire(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("r.yaml"),
        "mappings:\n  - {id: x, groups: [enumeration], match: {rule: R}}\n"
            + "cases:\n  - {id: c, name: C, severity: High, groups: [enumeration, ptrace_escape]}\n");
    assertThat(Main.run("validate", "--rules", dir.toString())).isZero();
    assertThat(out())
        .contains("warning: case \"C\" needs group ptrace_escape, which no mapping produces");
  }

  @Test
  void benchReportsEveryPhaseIncludingThreadsSharingOneReader() throws Exception {
    int code =
        Main.run(
            "bench",
            "--alerts",
            "20000",
            "--warmup",
            "2000",
            "--containers",
            "200",
            "--threads",
            "3");
    assertThat(code).isZero();
    assertThat(out())
        .containsPattern("parse only +[0-9,]+ alerts/s")
        .containsPattern("core only, in cache +[0-9,]+ alerts/s")
        .containsPattern("parse\\+classify\\+corr\\. +[0-9,]+ alerts/s")
        .containsPattern("parse, 3 threads, 1 reader +[0-9,]+ alerts/s  \\([0-9.]+x one thread")
        .containsPattern("contexts [0-9,]+, composites [0-9,]+");
  }

  @Test
  void benchRefusesNoThreads() throws Exception {
    assertThat(Main.run("bench", "--threads", "0")).isEqualTo(2);
    assertThat(err()).contains("--threads, --alerts and --containers must be at least 1");
  }
}
