package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class IngestServerTest {
  static TestServer server;
  static List<String> attack;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    attack = Files.readAllLines(Path.of("test-fixtures/scenarios/core-pattern-escape.ndjson"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String body, String type) throws Exception {
    return server.send(server.post("/", body, type).build());
  }

  @Test
  void acceptsWhatFalcoSends() throws Exception {
    HttpResponse<String> r = server.postAsFalco(attack.get(0));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.body()).isEqualTo("{\"accepted\":1,\"rejected\":0,\"errors\":[]}");
  }

  @Test
  void acceptsWhatFalcosidekickSends() throws Exception {
    String body =
        Files.readAllLines(Path.of("test-fixtures/scenarios/falcosidekick-webhook.ndjson")).get(1)
            + "\n";
    HttpResponse<String> r =
        server.send(
            server
                .post("/", body, "application/json; charset=utf-8")
                .header("User-Agent", "Falcosidekick")
                .header("Authorization", "Bearer ignored-when-auth-is-off")
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void acceptsTheGoodItemsOfABatchAndNamesTheBadOnes() throws Exception {
    String ndjson =
        attack.get(0)
            + "\n{\"rule\":\"R\",\"priority\":\"Notice\"}\nnot json\n"
            + attack.get(1)
            + "\n";
    HttpResponse<String> r = post(ndjson, "application/x-ndjson");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode j = TestServer.json(r);
    assertThat(j.path("accepted").asInt()).isEqualTo(2);
    assertThat(j.path("rejected").asInt()).isEqualTo(2);
    assertThat(j.path("errors").get(0).path("line").asInt()).isEqualTo(2);
    assertThat(j.path("errors").get(0).path("field").asString()).isEqualTo("time");
    assertThat(j.path("errors").get(0).path("schema").toString()).contains("time");
    assertThat(j.path("errors").get(1).path("line").asInt()).isEqualTo(3);
    assertThat(j.path("errors").get(1).path("reason").asString()).startsWith("invalid JSON");

    String array =
        "["
            + attack.get(2)
            + ",{\"rule\":\"\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\"}]";
    j = TestServer.json(post(array, "application/json"));
    assertThat(j.path("accepted").asInt()).isEqualTo(1);
    assertThat(j.path("errors").get(0).path("index").asInt()).isEqualTo(1);
    assertThat(j.path("errors").get(0).path("field").asString()).isEqualTo("rule");
  }

  @Test
  void rejectsABadSingleAlertWith400AndTheField() throws Exception {
    HttpResponse<String> r =
        post(
            "{\"rule\":\"R\",\"priority\":\"Loud\",\"time\":\"2026-02-17T03:14:16Z\"}",
            "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = TestServer.json(r).path("errors").get(0);
    assertThat(e.path("field").asString()).isEqualTo("priority");
    assertThat(e.path("reason").asString()).contains("found \"Loud\"");
    assertThat(e.path("schema").get(0).asString()).startsWith("/priority");
  }

  @Test
  void rejectsEmptyBodies() throws Exception {
    HttpResponse<String> r = post("", "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("empty body");
    assertThat(post(" \n ", "application/json").statusCode()).isEqualTo(400);
  }

  @Test
  void answersPlainTextWith415AndAHint() throws Exception {
    HttpResponse<String> r =
        post("03:14:16.5: Warning Linux Kernel Module injection", "text/plain");
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).contains("json_output: true");
    assertThat(post("<x/>", "application/xml").statusCode()).isEqualTo(415);
  }

  @Test
  void rejectsOversizedBodiesWith413() throws Exception {
    String huge = "[" + (attack.get(0) + ",").repeat(2000) + attack.get(0) + "]";
    assertThat(huge.length()).isGreaterThan(1 << 20);
    HttpResponse<String> r = post(huge, "application/json");
    assertThat(r.statusCode()).isEqualTo(413);
    // Chunked (no Content-Length): the limit is enforced while reading.
    HttpRequest chunked =
        HttpRequest.newBuilder(server.uri("/"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
            .build();
    assertThat(server.send(chunked).statusCode()).isEqualTo(413);
  }

  @Test
  void rejectsDeepNestingAndInvalidUtf8With400() throws Exception {
    String deep =
        "{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"output_fields\":{\"x\":"
            + "[".repeat(100_000)
            + "}}";
    HttpResponse<String> r = post(deep, "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("nesting depth");
    byte[] bad = attack.get(0).getBytes(StandardCharsets.UTF_8);
    bad[40] = (byte) 0xC3;
    bad[41] = (byte) 0x28;
    HttpResponse<String> u =
        server.send(
            HttpRequest.newBuilder(server.uri("/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad))
                .build());
    assertThat(u.statusCode()).isEqualTo(400);
    assertThat(u.body()).contains("UTF-8").contains("byte offset");
  }

  @Test
  void acceptsGzipAndRefusesGzipBombs() throws Exception {
    HttpResponse<String> r =
        server.send(
            HttpRequest.newBuilder(server.uri("/"))
                .header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(String.join("\n", attack))))
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(r).path("accepted").asInt()).isEqualTo(attack.size());
    byte[] bomb = gzip(" ".repeat(50 << 20));
    assertThat(bomb.length).isLessThan(1 << 20);
    HttpResponse<String> b =
        server.send(
            HttpRequest.newBuilder(server.uri("/"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bomb))
                .build());
    assertThat(b.statusCode()).isEqualTo(413);
    HttpResponse<String> notGzip =
        server.send(
            HttpRequest.newBuilder(server.uri("/"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(attack.get(0)))
                .build());
    assertThat(notGzip.statusCode()).isEqualTo(400);
  }

  @Test
  void routesOtherMethodsAndPaths() throws Exception {
    assertThat(server.get("/").statusCode()).isEqualTo(405);
    assertThat(server.get("/nope").statusCode()).isEqualTo(404);
    assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(server.get("/readyz").body()).contains("\"status\":\"ready\"");
    HttpResponse<String> schema = server.get("/schema/falco-alert.json");
    assertThat(schema.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(schema).path("title").asString()).isEqualTo("Falco alert");
  }

  @Test
  void showsAContextsPublicViewNotItsStorageFormat() throws Exception {
    String enumeration =
        Files.readAllLines(Path.of("test-fixtures/scenarios/ptrace-host-injection.ndjson")).get(0);
    try (TestServer s = TestServer.start()) {
      assertThat(s.postAsFalco(enumeration).statusCode()).isEqualTo(200);
      String path = "/api/v1/contexts/ip-10-42-17-203.eu-central-1.compute.internal/9f8e7d6c5b4a";
      io.falcocorrelator.support.Await.until(
          "the context",
          java.time.Duration.ofSeconds(10),
          () -> {
            try {
              return s.get(path).statusCode() == 200;
            } catch (Exception e) {
              return false;
            }
          });
      JsonNode view = TestServer.json(s.get(path));
      assertThat(view.path("key").path("container_id").asString()).isEqualTo("9f8e7d6c5b4a");
      assertThat(view.path("info").path("container_name").asString()).isEqualTo("debug-sidecar");
      assertThat(view.path("groups_seen").toString()).isEqualTo("[\"enumeration\"]");
      JsonNode evidence = view.path("evidence").path("enumeration").get(0);
      assertThat(evidence.path("rule").asString())
          .isEqualTo("Container Environment Enumeration by Upper Layer Process");
      assertThat(evidence.path("time").asString()).isEqualTo("2026-02-17T03:14:16.248157703Z");
      assertThat(evidence.has("fp")).as("a storage detail").isFalse();
      assertThat(view.path("cases_fired").isEmpty()).isTrue();
      assertThat(view.path("first_event_time").asString())
          .isEqualTo("2026-02-17T03:14:16.248157703Z");
      assertThat(view.has("last_processed_at")).isTrue();
      assertThat(view.has("v") || view.has("recent")).as("storage details").isFalse();
    }
  }

  @Test
  void validatesApiParameters() throws Exception {
    assertThat(server.get("/api/v1/composites?limit=0").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/composites?since=yesterday").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/composites?since=2000-01-01T00:00:00Z&limit=5").statusCode())
        .isEqualTo(200);
    assertThat(server.get("/api/v1/contexts/nohost/nocontainer").statusCode()).isEqualTo(404);
  }

  @Test
  void exposesPrometheusMetrics() throws Exception {
    server.postAsFalco(attack.get(0));
    post("{}", "application/json");
    HttpResponse<String> m = server.get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body())
        .contains("falco_correlator_alerts_received_total")
        .containsPattern("falco_correlator_alerts_rejected_total\\{reason=\"invalid_field\"} [1-9]")
        .contains("falco_correlator_group_hits_total{group=\"enumeration\"}")
        .contains("falco_correlator_queue_depth")
        .contains("falco_correlator_contexts")
        .contains("falco_correlator_request_seconds");
  }

  @Test
  void countsFalcoSyscallDrops() throws Exception {
    String drop =
        "{\"hostname\":\"n\",\"output\":\"Falco internal: syscall event drop. 894 system calls dropped in last second.\","
            + "\"output_fields\":{\"n_drops\":\"894\"},\"priority\":\"Debug\",\"rule\":\"Falco internal: syscall event drop\",\"source\":\"internal\",\"time\":\"2026-02-17T03:14:16Z\"}";
    assertThat(server.postAsFalco(drop).statusCode()).isEqualTo(200);
    assertThat(server.get("/metrics").body())
        .containsPattern("falco_correlator_falco_syscall_drops_total [0-9]*894");
  }

  static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void requiresCredentialsWhenConfigured() throws Exception {
    try (TestServer secured =
        new TestServer(
            TestServer.config(
                TestServer.basicAndBearer(true),
                ServerConfig.Limits.defaults(),
                Optional.empty()))) {
      String alert = attack.get(0);
      assertThat(secured.postAsFalco(alert).statusCode()).isEqualTo(401);
      assertThat(secured.postAsFalco(alert).headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
      String basic =
          "Basic "
              + Base64.getEncoder().encodeToString("falco:s3cret".getBytes(StandardCharsets.UTF_8));
      String wrong =
          "Basic "
              + Base64.getEncoder().encodeToString("falco:guess".getBytes(StandardCharsets.UTF_8));
      assertThat(
              secured
                  .send(
                      secured
                          .post("/", alert, "application/json")
                          .header("Authorization", basic)
                          .build())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              secured
                  .send(
                      secured
                          .post("/", alert, "application/json")
                          .header("Authorization", wrong)
                          .build())
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              secured
                  .send(
                      secured
                          .post("/", alert, "application/json")
                          .header("Authorization", "Bearer tok-123")
                          .build())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              secured
                  .send(
                      secured
                          .post("/", alert, "application/json")
                          .header("Authorization", "Bearer tok-12")
                          .build())
                  .statusCode())
          .isEqualTo(401);
      assertThat(secured.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(secured.get("/readyz").statusCode()).isEqualTo(200);
      assertThat(secured.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(secured.get("/api/v1/composites").statusCode()).isEqualTo(401);
      assertThat(
              secured
                  .send(
                      HttpRequest.newBuilder(secured.uri("/api/v1/composites"))
                          .header("Authorization", "Bearer tok-123")
                          .build())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void answers503WithRetryAfterWhenTheQueueIsFull() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ServerConfig.Limits tiny = new ServerConfig.Limits(1 << 20, 64, 3, Duration.ofSeconds(10));
    try (TestServer slow =
        new TestServer(
            TestServer.config(ServerConfig.Auth.none(), tiny, Optional.empty()),
            java.net.http.HttpClient.newHttpClient(),
            c -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })) {
      // The attack completes a composite; the sink then holds the correlator thread.
      for (String line : attack) {
        assertThat(slow.postAsFalco(line).statusCode()).isEqualTo(200);
      }
      io.falcocorrelator.support.Await.until(
          "the correlator to block in the sink",
          Duration.ofSeconds(10),
          () -> slow.composites.size() == 1);
      String other = attack.get(0).replace("b1d2c3e4f5a6", "0123456789ab");
      int ok = 0;
      HttpResponse<String> r;
      while ((r =
                  slow.postAsFalco(
                      other.replace("\"proc.pid\":31337", "\"proc.pid\":" + (40000 + ok))))
              .statusCode()
          == 200) {
        ok++;
        assertThat(ok).isLessThanOrEqualTo(3);
      }
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).contains("1");
      assertThat(slow.get("/readyz").statusCode()).isEqualTo(503);
      // A batch that does not fit is refused whole.
      assertThat(
              slow.send(slow.post("/", other + "\n" + other, "application/x-ndjson").build())
                  .statusCode())
          .isEqualTo(503);
      release.countDown();
      slow.awaitDrained();
      assertThat(slow.postAsFalco(other.replace("31337", "50000")).statusCode()).isEqualTo(200);
      assertThat(slow.server.metrics().scrape())
          .containsPattern("falco_correlator_alerts_rejected_total\\{reason=\"queue_full\"} [1-9]");
    }
  }

  @Test
  void shutsDownGracefullyCorrelatingEverythingAccepted() throws Exception {
    TestServer s = TestServer.start();
    String ndjson = String.join("\n", attack);
    assertThat(s.send(s.post("/", ndjson, "application/x-ndjson").build()).statusCode())
        .isEqualTo(200);
    int port = s.server.port();
    s.close();
    assertThat(s.composites)
        .extracting(c -> c.caseName())
        .containsExactly("Core Pattern Container Escape");
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      throw new AssertionError("still accepting connections after shutdown");
    } catch (java.io.IOException expected) {
      // refused: the listener is closed
    }
  }
}
