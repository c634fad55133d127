package io.falcocorrelator.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.falcocorrelator.config.IncidentRetention;
import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.Fleet;
import io.falcocorrelator.support.MutableClock;
import io.falcocorrelator.support.TestServer;
import io.falcocorrelator.yaml.RulesException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code incidents.retention} and {@code ui.public_url}: read from the config file, enforced by the
 * running server.
 */
class RetentionAndConfigTest {

  @Test
  void retentionRemovesTheOldestBeyondTheCountAndEverythingPastTheAge() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-02-17T03:00:00Z"));
    ServerConfig config =
        ServerConfig.defaults()
            .withIncidents(
                new ServerConfig.Incidents(
                    new IncidentRetention(Duration.ofHours(1), 5, Duration.ofMillis(50)),
                    Optional.of("https://soc.example.com/")));
    try (TestServer server = new TestServer(config, clock)) {
      for (int i = 0; i < 8; i++) {
        IncidentApiTest.post(
            server, Fleet.copy("kernel-module-escape", Fleet.containerId(i), "ns"));
        clock.advance(Duration.ofMinutes(1));
      }
      Await.until(
          "retention down to 5",
          Duration.ofSeconds(10),
          () -> server.server.incidents().service().store().size() == 5);
      JsonNode page = TestServer.json(server.get("/api/v1/incidents"));
      List<String> containers = new ArrayList<>();
      for (JsonNode i : page.path("incidents")) {
        containers.add(i.path("context").path("container_id").asString());
        assertThat(i.path("link").asString())
            .isEqualTo("https://soc.example.com/ui/incidents/" + i.path("id").asString());
      }
      assertThat(containers)
          .containsExactly(
              Fleet.containerId(7),
              Fleet.containerId(6),
              Fleet.containerId(5),
              Fleet.containerId(4),
              Fleet.containerId(3));
      assertThat(server.get("/metrics").body())
          .contains("falco_correlator_incidents_retention_removed_total 3.0")
          .contains("falco_correlator_incidents 5.0");
      clock.advance(Duration.ofMinutes(57));
      Await.until(
          "the ones older than an hour removed",
          Duration.ofSeconds(10),
          () -> server.server.incidents().service().store().size() == 3);
      clock.advance(Duration.ofHours(1));
      Await.until(
          "all removed",
          Duration.ofSeconds(10),
          () -> server.server.incidents().service().store().size() == 0);
    }
  }

  @Test
  void readsRetentionAndPublicUrlAndReportsBadValues(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("serve.yaml");
    Files.writeString(
        f,
        "incidents:\n  retention: {max_age: 7d, max_count: 2000, check_interval: 30s}\nui:\n  public_url: https://soc.example.com\n");
    ServerConfig c = ServerConfigLoader.load(f, k -> null);
    assertThat(c.incidents().retention())
        .isEqualTo(new IncidentRetention(Duration.ofDays(7), 2000, Duration.ofSeconds(30)));
    assertThat(c.incidents().publicUrl()).contains("https://soc.example.com");
    assertThat(ServerConfig.defaults().incidents()).isEqualTo(ServerConfig.Incidents.defaults());

    Files.writeString(
        f,
        "incidents:\n  retention: {max_count: 0, keep: 1}\nui:\n  public_url: javascript:alert(1)\n");
    assertThatThrownBy(() -> ServerConfigLoader.load(f, k -> null))
        .isInstanceOfSatisfying(
            RulesException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("max_count")
                    .contains("keep")
                    .contains("public_url")
                    .contains("http://"));
  }
}
