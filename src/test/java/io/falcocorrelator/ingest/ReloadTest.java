package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ReloadTest {
  static final String MAPPINGS =
      "mappings:\n  - {id: e, groups: [enumeration], match: {rule: Container Environment Enumeration by Upper Layer Process}}\n";
  static final String CASES =
      "cases:\n  - {id: enum_only, name: Enumeration Only, severity: Medium, groups: [enumeration]}\n";

  private static HttpResponse<String> reload(TestServer s) throws Exception {
    return s.send(
        HttpRequest.newBuilder(s.uri("/api/v1/reload"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  @Test
  void reloadsGoodRulesAndKeepsTheOldOnesOnErrors(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), MAPPINGS + CASES);
    ServerConfig config =
        TestServer.config(
            ServerConfig.Auth.none(), ServerConfig.Limits.defaults(), Optional.of(dir));
    config =
        new ServerConfig(
            config.listen(),
            config.tls(),
            config.auth(),
            config.limits(),
            new ServerConfig.Rules(Optional.of(dir), false),
            config.api(),
            config.outputs());
    try (TestServer s = new TestServer(config)) {
      assertThat(s.get("/readyz").body()).contains("1 mappings");
      Files.writeString(
          dir.resolve("rules.yaml"),
          MAPPINGS
              + CASES
              + "  - {id: second, name: Second, severity: High, groups: [enumeration, ptrace_escape]}\n");
      HttpResponse<String> ok = reload(s);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("2 cases");

      Files.writeString(
          dir.resolve("rules.yaml"),
          MAPPINGS + "cases:\n  - {id: bad, name: Bad, severity: Huge, groups: [nope]}\n");
      HttpResponse<String> bad = reload(s);
      assertThat(bad.statusCode()).isEqualTo(422);
      JsonNode j = TestServer.json(bad);
      assertThat(j.path("reloaded").asBoolean()).isFalse();
      assertThat(j.path("problems").toString())
          .contains("rules.yaml:4 cases[0].severity")
          .contains("rules.yaml:4 cases[0].groups[0]");
      assertThat(s.get("/readyz").body()).contains("2 cases");
      assertThat(s.get("/metrics").body())
          .contains("falco_correlator_rules_reloads_total{result=\"failed\"} 1.0")
          .contains("falco_correlator_rules_reloads_total{result=\"ok\"} 1.0");
    }
  }

  @Test
  void reloadsWhenAFileInTheDirectoryChanges(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), MAPPINGS + CASES);
    try (TestServer s =
        new TestServer(
            TestServer.config(
                ServerConfig.Auth.none(), ServerConfig.Limits.defaults(), Optional.of(dir)))) {
      String alert =
          Files.readAllLines(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson")).get(2);
      Files.writeString(
          dir.resolve("extra.yaml"),
          "cases:\n  - {id: extra, name: Extra, severity: Critical, groups: [enumeration]}\n");
      Await.until(
          "the watcher to reload",
          Duration.ofSeconds(20),
          () -> {
            try {
              return s.get("/readyz").body().contains("2 cases");
            } catch (Exception e) {
              return false;
            }
          });
      assertThat(s.postAsFalco(alert).statusCode()).isEqualTo(200);
      s.awaitDrained();
      // The Medium case completes with the Critical one and is folded into it.
      assertThat(s.composites)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.caseName()).isEqualTo("Extra");
                assertThat(c.relatedCases()).containsExactly("enum_only");
              });
    }
  }

  @Test
  void refusesReloadWithoutARulesDirectory() throws Exception {
    try (TestServer s = TestServer.start()) {
      HttpResponse<String> r = reload(s);
      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(r.body()).contains("--rules DIR");
    }
  }
}
