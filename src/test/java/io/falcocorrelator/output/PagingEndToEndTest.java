package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.ScriptedHttpServer;
import io.falcocorrelator.support.ScriptedHttpServer.Answer;
import io.falcocorrelator.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The running server, configured from YAML: a kernel-module escape pages PagerDuty and fires in
 * Alertmanager with the incident link; resolving the incident through the incidents API resolves
 * the PagerDuty incident (same dedup key) and ends the Alertmanager alert.
 */
class PagingEndToEndTest {
  @Test
  void anIncidentResolvedThroughTheApiIsResolvedInPagerDutyAndAlertmanager(@TempDir Path dir)
      throws Exception {
    try (ScriptedHttpServer pd = new ScriptedHttpServer();
        ScriptedHttpServer am = new ScriptedHttpServer()) {
      pd.otherwise(
          Answer.of(
              202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}"));
      am.otherwise(Answer.of(200, ""));
      Path file =
          serveYaml(
              dir,
              "ui: {public_url: 'https://soc.example.com'}",
              "outputs:",
              "  - {name: pager, type: pagerduty, url: '"
                  + pd.url("/v2/enqueue")
                  + "', routing_key: '${PD_KEY}', min_severity: Critical}",
              "  - {name: am, type: alertmanager, url: '" + am.url("") + "', repeat_interval: 1h}",
              "spool: {dir: '" + dir.resolve("spool") + "'}",
              "");
      ServerConfig config =
          ServerConfigLoader.load(
              file, java.util.Map.of("PD_KEY", "R0UTING0KEY0000000000000000000ab")::get);
      try (TestServer server = new TestServer(config)) {
        HttpResponse<String> posted = post(server, "kernel-module-escape");
        assertThat(posted.statusCode()).isEqualTo(200);
        Await.until(
            "paged and fired",
            Duration.ofSeconds(10),
            () -> pd.requests.size() == 1 && am.requests.size() == 1);
        JsonNode trigger = TestServer.MAPPER.readTree(pd.requests.get(0).body());
        String id = trigger.path("dedup_key").asString();
        assertThat(trigger.path("event_action").asString()).isEqualTo("trigger");
        assertThat(trigger.path("payload").path("severity").asString()).isEqualTo("critical");
        assertThat(trigger.path("payload").path("custom_details").path("link").asString())
            .isEqualTo("https://soc.example.com/ui/incidents/" + id);
        assertThat(
                TestServer.MAPPER
                    .readTree(am.requests.get(0).body())
                    .get(0)
                    .path("labels")
                    .path("incident")
                    .asString())
            .isEqualTo(id);

        HttpResponse<String> resolved =
            server.send(
                server
                    .post(
                        "/api/v1/incidents/" + id + "/status",
                        "{\"status\":\"resolved\",\"resolution\":\"true_positive\",\"note\":\"node replaced\"}",
                        "application/json")
                    .header("X-Requested-By", "falco-correlator")
                    .build());
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        Await.until(
            "resolved downstream",
            Duration.ofSeconds(10),
            () -> pd.requests.size() == 2 && am.requests.size() == 2);
        JsonNode resolve = TestServer.MAPPER.readTree(pd.requests.get(1).body());
        assertThat(resolve.path("event_action").asString()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asString()).isEqualTo(id);
        JsonNode ended = TestServer.MAPPER.readTree(am.requests.get(1).body()).get(0);
        assertThat(ended.path("labels").path("incident").asString()).isEqualTo(id);
        assertThat(Instant.parse(ended.path("endsAt").asString())).isBeforeOrEqualTo(Instant.now());
      }
    }
  }

  @Test
  void anOpenIncidentKeepsFiringInAlertmanagerAcrossARestart(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer am = new ScriptedHttpServer()) {
      am.otherwise(Answer.of(200, ""));
      Path file =
          serveYaml(
              dir,
              "state: {dir: '" + dir.resolve("state") + "'}",
              "outputs:",
              "  - {name: am, type: alertmanager, url: '" + am.url("") + "', repeat_interval: 1s}",
              "spool: {dir: '" + dir.resolve("spool") + "'}",
              "");
      ServerConfig config = ServerConfigLoader.load(file, k -> null);
      String open;
      String acknowledged;
      try (TestServer server = new TestServer(config)) {
        for (String scenario : new String[] {"kernel-module-escape", "docker-socket-escape"}) {
          assertThat(post(server, scenario).statusCode()).isEqualTo(200);
        }
        Await.until("both fired", Duration.ofSeconds(10), () -> am.requests.size() >= 2);
        JsonNode incidents = TestServer.json(server.get("/api/v1/incidents")).path("incidents");
        assertThat(incidents).hasSize(2);
        open = incidents.get(0).path("id").asString();
        acknowledged = incidents.get(1).path("id").asString();
        HttpResponse<String> ack =
            server.send(
                server
                    .post(
                        "/api/v1/incidents/" + acknowledged + "/status",
                        "{\"status\":\"acknowledged\"}",
                        "application/json")
                    .header("X-Requested-By", "falco-correlator")
                    .build());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      }
      int before = am.requests.size();
      try (TestServer server = new TestServer(config)) {
        // No alert after the restart: what Alertmanager gets now is the resumed re-post, which
        // carries every incident still firing: the open one, not the acknowledged one.
        Await.until(
            "the open incident re-posted after the restart",
            Duration.ofSeconds(10),
            () -> PagingSinksTest.postsOfOnly(am, before, open) >= 1);
      }
    }
  }

  /** Posts a fixture scenario's alerts as NDJSON, as Falco's file output or Falcosidekick would. */
  private static HttpResponse<String> post(TestServer server, String scenario) throws Exception {
    return server.send(
        server
            .post(
                "/",
                String.join("\n", Files.readAllLines(Scenarios.DIR.resolve(scenario + ".ndjson")))
                    + "\n",
                "application/x-ndjson")
            .build());
  }

  /** {@code dir/serve.yaml} holding {@code lines}. */
  private static Path serveYaml(Path dir, String... lines) throws Exception {
    return Files.writeString(dir.resolve("serve.yaml"), String.join("\n", lines));
  }
}
