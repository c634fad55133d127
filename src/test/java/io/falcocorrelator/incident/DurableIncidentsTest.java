package io.falcocorrelator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.EventStream;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.ServeProcess;
import io.falcocorrelator.support.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Incidents with {@code state.dir}: kept across a restart and across {@code kill -9} at arbitrary
 * moments.
 */
class DurableIncidentsTest {
  static final String[] ATTACKS = {
    "docker-socket-escape",
    "cgroup-release-agent-escape",
    "kernel-module-escape",
    "ptrace-host-injection"
  };

  @Test
  void incidentsTheirStatusAndEventIdsSurviveARestart(@TempDir Path dir) throws Exception {
    ServerConfig config =
        ServerConfig.defaults()
            .withState(new ServerConfig.State(Optional.of(dir.resolve("state")), false));
    String acknowledged;
    String lastEventId;
    Set<String> ids = new HashSet<>();
    try (TestServer server = new TestServer(config)) {
      for (String s : ATTACKS) {
        IncidentApiTest.post(server, Files.readAllLines(Scenarios.DIR.resolve(s + ".ndjson")));
      }
      JsonNode page = TestServer.json(server.get("/api/v1/incidents"));
      page.path("incidents").forEach(i -> ids.add(i.path("id").asString()));
      acknowledged = page.path("incidents").get(1).path("id").asString();
      assertThat(
              IncidentApiTest.status(
                      server,
                      acknowledged,
                      null,
                      "{\"status\":\"acknowledged\",\"note\":\"on it\"}")
                  .statusCode())
          .isEqualTo(200);
      lastEventId = Long.toString(server.server.incidents().service().store().lastVersion());
    }
    assertThat(ids).hasSizeGreaterThanOrEqualTo(5);
    try (TestServer server = new TestServer(config)) {
      JsonNode page = TestServer.json(server.get("/api/v1/incidents"));
      Set<String> after = new HashSet<>();
      page.path("incidents").forEach(i -> after.add(i.path("id").asString()));
      assertThat(after).isEqualTo(ids);
      JsonNode detail = TestServer.json(server.get("/api/v1/incidents/" + acknowledged));
      assertThat(detail.path("incident").path("status").asString()).isEqualTo("acknowledged");
      assertThat(detail.path("history")).hasSize(2);
      assertThat(detail.path("history").get(1).path("note").asString()).isEqualTo("on it");
      assertThat(detail.path("composite").path("evidence")).isNotEmpty();
      // Event ids continue above those before the restart: a client resumes across it.
      try (EventStream events =
          new EventStream(server.client, server.uri("/api/v1/events"), lastEventId, null)) {
        IncidentApiTest.post(
            server, Files.readAllLines(Scenarios.DIR.resolve("core-pattern-escape.ndjson")));
        EventStream.Event created = events.next("incident.created", Duration.ofSeconds(10));
        assertThat(Long.parseLong(created.id())).isGreaterThan(Long.parseLong(lastEventId));
      }
      assertThat(TestServer.json(server.get("/api/v1/incidents")).path("total").asInt())
          .isEqualTo(ids.size() + 1);
    }
  }

  @Test
  void killedEveryFewRequestsTheIncidentsEqualAnUninterruptedRunsComposites(@TempDir Path dir)
      throws Exception {
    List<String> alerts = interleaved();
    Set<String> expected = uninterrupted(alerts);
    Path config = dir.resolve("serve.yaml");
    Files.writeString(config, "server: {host: 127.0.0.1, port: 0}\nstate: {dir: state}\n");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    ServeProcess server = ServeProcess.start("serve", "--config", config.toString());
    java.util.Random random = new java.util.Random(7);
    int kills = 0;
    String acknowledged = null;
    try {
      for (int i = 0; i < alerts.size(); i++) {
        if (i % 9 == 4) {
          ServeProcess victim = server;
          long delayMicros = random.nextInt(3000);
          new Thread(
                  () -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(delayMicros * 1000);
                    victim.process().destroyForcibly();
                  })
              .start();
          kills++;
        }
        while (true) {
          try {
            HttpResponse<String> r =
                client.send(
                    HttpRequest.newBuilder(server.uri())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(alerts.get(i)))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            break;
          } catch (java.io.IOException e) {
            server.process().waitFor();
            server = ServeProcess.start("serve", "--config", config.toString());
          }
        }
        if (!server.process().isAlive()) {
          server.process().waitFor();
          server = ServeProcess.start("serve", "--config", config.toString());
        }
        if (acknowledged == null && i > alerts.size() / 2) {
          acknowledged = acknowledgeOne(client, server);
        }
      }
      // One more kill after the last answer: what was answered 2xx is already safe.
      server.process().destroyForcibly().waitFor();
      server = ServeProcess.start("serve", "--config", config.toString());
      ServeProcess last = server;
      io.falcocorrelator.support.Await.until(
          "every incident back",
          Duration.ofSeconds(30),
          () -> incidents(client, last).size() >= expected.size());
      List<JsonNode> got = incidents(client, server);
      Set<String> cases = new HashSet<>();
      Set<String> unique = new HashSet<>();
      for (JsonNode i : got) {
        cases.add(
            i.path("case").asString() + "@" + i.path("context").path("container_id").asString());
        unique.add(i.path("id").asString());
      }
      assertThat(unique).as("no incident twice").hasSize(got.size());
      assertThat(cases).isEqualTo(expected);
      assertThat(kills).isGreaterThanOrEqualTo(5);
      if (acknowledged != null) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(server.uri().resolve("/api/v1/incidents/" + acknowledged))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(TestServer.MAPPER.readTree(r.body()).path("incident").path("status").asString())
            .isEqualTo("acknowledged");
      }
    } finally {
      server.process().destroy();
      server.process().waitFor();
    }
  }

  /** Acknowledges the newest incident, if there is one; its id, or null. */
  private static String acknowledgeOne(HttpClient client, ServeProcess server) throws Exception {
    List<JsonNode> all = incidents(client, server);
    if (all.isEmpty()) {
      return null;
    }
    String id = all.get(0).path("id").asString();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(server.uri().resolve("/api/v1/incidents/" + id + "/status"))
                .header("Content-Type", "application/json")
                .header("X-Requested-By", "falco-correlator")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"acknowledged\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return id;
  }

  private static List<JsonNode> incidents(HttpClient client, ServeProcess server) {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(server.uri().resolve("/api/v1/incidents?limit=500")).build(),
              HttpResponse.BodyHandlers.ofString());
      List<JsonNode> out = new ArrayList<>();
      TestServer.MAPPER.readTree(r.body()).path("incidents").forEach(out::add);
      return out;
    } catch (Exception e) {
      return List.of();
    }
  }

  /** The four attacks and some noise, one alert of each in turn. */
  static List<String> interleaved() throws Exception {
    List<List<String>> parts = new ArrayList<>();
    for (String s : ATTACKS) {
      parts.add(Files.readAllLines(Scenarios.DIR.resolve(s + ".ndjson")));
    }
    parts.add(Files.readAllLines(Scenarios.DIR.resolve("benign-noise.ndjson")).subList(0, 20));
    return Scenarios.interleave(parts);
  }

  static Set<String> uninterrupted(List<String> alerts) {
    return Scenarios.casesAt(alerts);
  }
}
