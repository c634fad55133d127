package io.falcocorrelator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.ScriptedHttpServer;
import io.falcocorrelator.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code ui.public_url} in every payload (a Slack button), and the webhook's {@code
 * incident.status} event.
 */
class OutputLinksTest {
  @Test
  void payloadsLinkToTheIncidentAndTheWebhookHearsItResolved(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer webhook = new ScriptedHttpServer();
        ScriptedHttpServer slack = new ScriptedHttpServer()) {
      Path file = dir.resolve("serve.yaml");
      Files.writeString(
          file,
          String.join(
              "\n",
              "ui: {public_url: 'https://soc.example.com/'}",
              "outputs:",
              "  - {name: siem, type: webhook, url: '" + webhook.url("/hook") + "'}",
              "  - {name: chat, type: slack, webhook_url: '" + slack.url("/slack") + "'}",
              "  - {name: archive, type: file, path: '" + dir.resolve("composites.ndjson") + "'}",
              "spool: {dir: '" + dir.resolve("spool") + "'}",
              ""));
      ServerConfig config = ServerConfigLoader.load(file, k -> null);
      try (TestServer server = new TestServer(config)) {
        IncidentApiTest.post(
            server, Files.readAllLines(Scenarios.DIR.resolve("kernel-module-escape.ndjson")));
        Await.until(
            "the composite delivered",
            Duration.ofSeconds(10),
            () -> webhook.requests.size() == 1 && slack.requests.size() == 1);
        JsonNode composite = TestServer.MAPPER.readTree(webhook.requests.get(0).body());
        String id = composite.path("id").asString();
        String link = "https://soc.example.com/ui/incidents/" + id;
        assertThat(composite.path("link").asString()).isEqualTo(link);
        assertThat(webhook.requests.get(0).header("X-Falco-Correlator-Event"))
            .isEqualTo("composite");
        JsonNode blocks =
            TestServer.MAPPER
                .readTree(slack.requests.get(0).body())
                .path("attachments")
                .get(0)
                .path("blocks");
        JsonNode actions = blocks.get(blocks.size() - 1);
        assertThat(actions.path("type").asString()).isEqualTo("actions");
        assertThat(actions.path("elements").get(0).path("url").asString()).isEqualTo(link);
        Await.until(
            "the file line",
            Duration.ofSeconds(10),
            () -> Files.exists(dir.resolve("composites.ndjson")));
        assertThat(
                TestServer.MAPPER
                    .readTree(Files.readAllLines(dir.resolve("composites.ndjson")).get(0))
                    .path("link")
                    .asString())
            .isEqualTo(link);

        assertThat(
                IncidentApiTest.status(
                        server,
                        id,
                        null,
                        "{\"status\":\"resolved\",\"resolution\":\"false_positive\",\"note\":\"pentest\"}")
                    .statusCode())
            .isEqualTo(200);
        Await.until("the status event", Duration.ofSeconds(10), () -> webhook.requests.size() == 2);
        ScriptedHttpServer.Request status = webhook.requests.get(1);
        assertThat(status.header("X-Falco-Correlator-Event")).isEqualTo("incident.status");
        assertThat(status.header("X-Falco-Correlator-Id")).isEqualTo(id);
        JsonNode event = TestServer.MAPPER.readTree(status.body());
        assertThat(event.path("event").asString()).isEqualTo("incident.status");
        assertThat(event.path("status").asString()).isEqualTo("resolved");
        assertThat(event.path("resolution").asString()).isEqualTo("false_positive");
        assertThat(event.path("note").asString()).isEqualTo("pentest");
        assertThat(event.path("principal").asString()).isEqualTo("anonymous");
        assertThat(event.path("link").asString()).isEqualTo(link);
        // Slack does not follow incidents: it heard only the composite.
        assertThat(slack.requests).hasSize(1);
      }
    }
  }
}
