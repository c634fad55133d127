package io.falcocorrelator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.EventStream;
import io.falcocorrelator.support.Fleet;
import io.falcocorrelator.support.MutableClock;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/events} and {@code /api/v1/watchlist} against the real server, fed the fixture
 * scenarios.
 */
class EventsAndWatchlistTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void streamsNewIncidentsAndStatusChangesAndResumesFromLastEventId() throws Exception {
    try (TestServer server = TestServer.start()) {
      String firstId;
      String incident;
      try (EventStream events =
          new EventStream(server.client, server.uri("/api/v1/events"), null, null)) {
        assertThat(events.status).isEqualTo(200);
        Await.until(
            "the client is registered",
            WAIT,
            () -> server.server.incidents().events().clients() == 1);
        IncidentApiTest.post(
            server, Files.readAllLines(Scenarios.DIR.resolve("kernel-module-escape.ndjson")));
        EventStream.Event created = events.next("incident.created", WAIT);
        JsonNode summary = TestServer.MAPPER.readTree(created.data());
        assertThat(summary.path("case").asString()).isEqualTo("Kernel Module Container Escape");
        assertThat(summary.path("status").asString()).isEqualTo("open");
        firstId = created.id();
        incident = summary.path("id").asString();
        assertThat(
                IncidentApiTest.status(server, incident, null, "{\"status\":\"acknowledged\"}")
                    .statusCode())
            .isEqualTo(200);
        EventStream.Event updated = events.next("incident.updated", WAIT);
        assertThat(TestServer.MAPPER.readTree(updated.data()).path("status").asString())
            .isEqualTo("acknowledged");
        assertThat(Long.parseLong(updated.id())).isGreaterThan(Long.parseLong(firstId));
      }
      // Missed while disconnected: a new incident and a status change.
      IncidentApiTest.post(
          server, Files.readAllLines(Scenarios.DIR.resolve("ptrace-host-injection.ndjson")));
      assertThat(
              IncidentApiTest.status(
                      server, incident, null, "{\"status\":\"resolved\",\"resolution\":\"benign\"}")
                  .statusCode())
          .isEqualTo(200);
      try (EventStream resumed =
          new EventStream(server.client, server.uri("/api/v1/events"), firstId, null)) {
        List<EventStream.Event> got = new ArrayList<>();
        got.add(resumed.events.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        got.add(resumed.events.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(got)
            .extracting(EventStream.Event::type)
            .containsExactly("incident.created", "incident.updated");
        assertThat(TestServer.MAPPER.readTree(got.get(0).data()).path("case").asString())
            .isEqualTo("Ptrace Host Injection");
        JsonNode resolved = TestServer.MAPPER.readTree(got.get(1).data());
        assertThat(resolved.path("id").asString()).isEqualTo(incident);
        assertThat(resolved.path("status").asString()).isEqualTo("resolved");
        assertThat(Long.parseLong(got.get(1).id())).isGreaterThan(Long.parseLong(got.get(0).id()));
      }
    }
  }

  @Test
  void sendsHeartbeatComments() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.server.incidents().close();
    }
    // The heartbeat interval is a constructor argument: a short one shows the comment lines.
    IncidentStore store = new MemoryIncidentStore();
    IncidentEvents events =
        new IncidentEvents(
            store, new IncidentJson(java.util.Optional.empty()), Duration.ofMillis(100));
    io.undertow.Undertow undertow =
        io.undertow.Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(events.handler())
            .build();
    undertow.start();
    try {
      int port =
          ((java.net.InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
      try (EventStream stream =
          new EventStream(
              java.net.http.HttpClient.newHttpClient(),
              java.net.URI.create("http://127.0.0.1:" + port + "/"),
              null,
              null)) {
        Await.until("a heartbeat comment", WAIT, () -> !stream.comments.isEmpty());
      }
    } finally {
      undertow.stop();
      events.close();
    }
  }

  @Test
  void aStalledClientIsDroppedAndDoesNotHoldUpIngestion() throws Exception {
    try (TestServer server = TestServer.start();
        Socket stalled = new Socket("127.0.0.1", server.server.port())) {
      stalled.setReceiveBufferSize(4096);
      OutputStream out = stalled.getOutputStream();
      out.write(
          ("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = stalled.getInputStream();
      in.read(new byte[64]);
      Await.until(
          "the stalled client is registered",
          WAIT,
          () -> server.server.incidents().events().clients() == 1);
      // Never read again. Thousands of incidents are created meanwhile.
      int n = 2000;
      List<String> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.addAll(Fleet.copy("kernel-module-escape", Fleet.containerId(i), "ns"));
        if (batch.size() > 400) {
          IncidentApiTest.post(server, batch);
          batch.clear();
        }
      }
      IncidentApiTest.post(server, batch);
      assertThat(server.server.incidents().service().store().size()).isEqualTo(n);
      Await.until(
          "the stalled client is dropped",
          WAIT,
          () -> server.server.incidents().events().droppedClients() == 1);
      assertThat(server.server.incidents().events().clients()).isZero();
      assertThat(server.get("/metrics").body())
          .contains("falco_correlator_event_stream_clients_dropped_total 1.0");
    }
  }

  @Test
  void watchlistShowsPartialProgressUntilTheCaseFiresOrItsWindowCloses() throws Exception {
    List<String> alerts = Files.readAllLines(Scenarios.DIR.resolve("kernel-module-escape.ndjson"));
    MutableClock clock = new MutableClock(Instant.parse("2026-02-17T03:14:16Z"));
    try (TestServer server = new TestServer(ServerConfig.defaults(), clock)) {
      assertThat(entries(server, "")).isEmpty();
      // All but the insmod: the Critical kernel module case needs one more group.
      IncidentApiTest.post(server, alerts.subList(0, alerts.size() - 1));
      JsonNode entries = entries(server, "");
      assertThat(entries).hasSize(1);
      JsonNode entry = entries.get(0);
      assertThat(entry.path("rank").asInt()).isEqualTo(1);
      assertThat(entry.path("context").path("container_id").asString()).isEqualTo("7c3e9a1f4b2d");
      assertThat(entry.path("groups")).isNotEmpty();
      JsonNode first = entry.path("reachable").get(0);
      assertThat(first.path("case_id").asString()).isEqualTo("kernel_module_container_escape");
      assertThat(first.path("severity").asString()).isEqualTo("Critical");
      assertThat(first.path("missing"))
          .extracting(JsonNode::asString)
          .containsExactly("kernel_module_escape");
      assertThat(entry.path("window_remaining_seconds").asLong()).isPositive();
      assertThat(entries(server, "namespace=monitoring")).hasSize(1);
      assertThat(entries(server, "namespace=other")).isEmpty();
      assertThat(entries(server, "container=metrics-agent")).hasSize(1);

      // The case fires: it is no longer on the watchlist for that container.
      IncidentApiTest.post(server, alerts.subList(alerts.size() - 1, alerts.size()));
      for (JsonNode e : entries(server, "")) {
        assertThat(e.path("reachable"))
            .noneSatisfy(
                r ->
                    assertThat(r.path("case_id").asString())
                        .isEqualTo("kernel_module_container_escape"));
      }

      // Another container part-way there, then its window runs out with no further alert.
      IncidentApiTest.post(
          server,
          Fleet.copy("kernel-module-escape", "0a0a0a0a0a0a", "monitoring")
              .subList(0, alerts.size() - 1));
      assertThat(entries(server, "container=0a0a0a0a0a0a")).hasSize(1);
      long remaining =
          entries(server, "container=0a0a0a0a0a0a")
              .get(0)
              .path("window_remaining_seconds")
              .asLong();
      clock.advance(Duration.ofSeconds(remaining + 1));
      assertThat(entries(server, "container=0a0a0a0a0a0a")).isEmpty();
    }
  }

  @Test
  void watchlistChangesArePushedToEventStreamClients() throws Exception {
    List<String> alerts = Files.readAllLines(Scenarios.DIR.resolve("kernel-module-escape.ndjson"));
    try (TestServer server = TestServer.start();
        EventStream events =
            new EventStream(server.client, server.uri("/api/v1/events"), null, null)) {
      Await.until(
          "the client is registered",
          WAIT,
          () -> server.server.incidents().events().clients() == 1);
      IncidentApiTest.post(server, alerts.subList(0, alerts.size() - 1));
      EventStream.Event changed = events.next("watchlist.changed", WAIT);
      assertThat(TestServer.MAPPER.readTree(changed.data()).path("entries").asInt()).isEqualTo(1);
      assertThat(changed.id()).isNull();
    }
  }

  static JsonNode entries(TestServer server, String query) throws Exception {
    var r = server.get("/api/v1/watchlist?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r).path("entries");
  }
}
