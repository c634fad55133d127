package io.falcocorrelator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.Fleet;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/** The incidents API against the real server, fed the fixture scenarios. */
class IncidentApiTest {

  /**
   * Every scenario's composites, and only those, become open incidents with the same case, severity
   * and links.
   */
  @TestFactory
  Stream<DynamicTest> everyScenarioCompositeIsAnOpenIncident() throws Exception {
    return Scenarios.all().stream()
        .filter(s -> s.alerts().toString().endsWith(".ndjson"))
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.name(),
                    () -> {
                      try (TestServer server = TestServer.start()) {
                        post(server, Files.readAllLines(s.alerts()));
                        JsonNode page = TestServer.json(server.get("/api/v1/incidents?limit=500"));
                        List<Scenarios.Expected> actual = new ArrayList<>();
                        for (JsonNode i : page.path("incidents")) {
                          assertThat(i.path("status").asString()).isEqualTo("open");
                          JsonNode detail =
                              TestServer.json(
                                  server.get("/api/v1/incidents/" + i.path("id").asString()));
                          actual.add(0, Scenarios.fromComposite(detail.path("composite")));
                          assertThat(detail.path("history")).hasSize(1);
                          assertThat(detail.path("history").get(0).path("principal").asString())
                              .isEqualTo("system");
                          assertThat(i.path("evidence_count").asInt())
                              .isEqualTo(detail.path("composite").path("evidence").size());
                          if (!i.path("escalated_from").isNull()) {
                            JsonNode from =
                                TestServer.json(
                                    server.get(
                                        "/api/v1/incidents/"
                                            + i.path("escalated_from").asString()));
                            assertThat(from.path("related"))
                                .anySatisfy(
                                    r -> {
                                      assertThat(r.path("relation").asString())
                                          .isEqualTo("escalated_to");
                                      assertThat(r.path("id").asString())
                                          .isEqualTo(i.path("id").asString());
                                    });
                          }
                        }
                        assertThat(actual).containsExactlyElementsOf(s.expected());
                        assertThat(page.path("total").asInt()).isEqualTo(s.expected().size());
                      }
                    }));
  }

  @Test
  void statusChangesRecordTheBasicUserAndTheBearerTokenAndRefuseBadTransitions() throws Exception {
    ServerConfig config =
        TestServer.config(
            TestServer.basicAndBearer(false), ServerConfig.Limits.defaults(), Optional.empty());
    try (TestServer server = new TestServer(config)) {
      String basic =
          "Basic "
              + Base64.getEncoder().encodeToString("falco:s3cret".getBytes(StandardCharsets.UTF_8));
      String bearer = "Bearer tok-123";
      post(server, basic, Files.readAllLines(Scenarios.DIR.resolve("kernel-module-escape.ndjson")));
      assertThat(server.get("/api/v1/incidents").statusCode()).isEqualTo(401);
      JsonNode page = TestServer.json(server.send(get(server, "/api/v1/incidents", basic)));
      String id = page.path("incidents").get(0).path("id").asString();

      HttpResponse<String> ack =
          status(server, id, basic, "{\"status\":\"acknowledged\",\"note\":\"looking\"}");
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      assertThat(TestServer.json(ack).path("incident").path("status").asString())
          .isEqualTo("acknowledged");

      HttpResponse<String> again = status(server, id, bearer, "{\"status\":\"acknowledged\"}");
      assertThat(again.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(again).path("error").asString())
          .contains("from acknowledged to acknowledged");

      HttpResponse<String> resolved =
          status(
              server,
              id,
              bearer,
              "{\"status\":\"resolved\",\"resolution\":\"true_positive\",\"note\":\"contained\"}");
      assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
      JsonNode history = TestServer.json(resolved).path("history");
      assertThat(history).hasSize(3);
      assertThat(history.get(0).path("principal").asString()).isEqualTo("system");
      assertThat(history.get(1).path("principal").asString()).isEqualTo("falco");
      assertThat(history.get(1).path("note").asString()).isEqualTo("looking");
      assertThat(history.get(2).path("principal").asString()).isEqualTo("token-1");
      assertThat(history.get(2).path("resolution").asString()).isEqualTo("true_positive");
      assertThat(TestServer.json(resolved).path("incident").path("resolution").asString())
          .isEqualTo("true_positive");

      HttpResponse<String> reopened = status(server, id, basic, "{\"status\":\"open\"}");
      assertThat(reopened.statusCode()).isEqualTo(200);
      assertThat(TestServer.json(reopened).path("incident").path("resolution").isNull()).isTrue();

      assertThat(status(server, "no-such-id", basic, "{\"status\":\"resolved\"}").statusCode())
          .isEqualTo(404);
      assertThat(
              status(server, id, basic, "{\"status\":\"acknowledged\",\"resolution\":\"benign\"}")
                  .statusCode())
          .isEqualTo(400);
      assertThat(status(server, id, basic, "{\"status\":\"closed\"}").statusCode()).isEqualTo(400);
      assertThat(status(server, id, basic, "not json").statusCode()).isEqualTo(400);
      assertThat(
              status(server, id, basic, "{\"status\":\"acknowledged\",\"owner\":\"x\"}")
                  .statusCode())
          .isEqualTo(400);
      // Cross-site: a form post, or a JSON post without the custom header, changes nothing.
      HttpResponse<String> form =
          server.send(
              server
                  .post(
                      "/api/v1/incidents/" + id + "/status",
                      "status=acknowledged",
                      "application/x-www-form-urlencoded")
                  .header("Authorization", basic)
                  .header("X-Requested-By", "falco-correlator")
                  .build());
      assertThat(form.statusCode()).isEqualTo(415);
      HttpResponse<String> noHeader =
          server.send(
              server
                  .post(
                      "/api/v1/incidents/" + id + "/status",
                      "{\"status\":\"acknowledged\"}",
                      "application/json")
                  .header("Authorization", basic)
                  .build());
      assertThat(noHeader.statusCode()).isEqualTo(403);
      HttpResponse<String> noAuth =
          server.send(
              server
                  .post(
                      "/api/v1/incidents/" + id + "/status",
                      "{\"status\":\"acknowledged\"}",
                      "application/json")
                  .header("X-Requested-By", "falco-correlator")
                  .build());
      assertThat(noAuth.statusCode()).isEqualTo(401);
      JsonNode detail = TestServer.json(server.send(get(server, "/api/v1/incidents/" + id, basic)));
      assertThat(detail.path("incident").path("status").asString()).isEqualTo("open");
      assertThat(detail.path("history")).hasSize(4);
    }
  }

  @Test
  void filtersCountsAndCursorsOverThreeThousandIncidents() throws Exception {
    String[] scenarios = {
      "kernel-module-escape", "namespace-breakout-with-evasion", "privileged-namespace-escape"
    };
    int n = 3000;
    try (TestServer server = TestServer.start()) {
      List<String> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.addAll(Fleet.copy(scenarios[i % 3], Fleet.containerId(i), "ns-" + (i % 10)));
        if (batch.size() > 400) {
          post(server, batch);
          batch.clear();
        }
      }
      post(server, batch);
      JsonNode all = TestServer.json(server.get("/api/v1/incidents?limit=1"));
      assertThat(all.path("total").asInt()).isEqualTo(n);
      assertThat(all.path("counts").path("severity").path("Critical").asInt()).isEqualTo(n / 3);
      assertThat(all.path("counts").path("severity").path("High").asInt()).isEqualTo(n / 3);
      assertThat(all.path("counts").path("severity").path("Medium").asInt()).isEqualTo(n / 3);
      assertThat(all.path("counts").path("status").path("open").asInt()).isEqualTo(n);

      // Every incident exactly once across the pages, newest first.
      Set<String> seen = new HashSet<>();
      String cursor = null;
      String previousCreated = null;
      int pages = 0;
      do {
        JsonNode page =
            TestServer.json(
                server.get(
                    "/api/v1/incidents?limit=500" + (cursor == null ? "" : "&cursor=" + cursor)));
        for (JsonNode i : page.path("incidents")) {
          assertThat(seen.add(i.path("id").asString())).isTrue();
          String created = i.path("created_at").asString();
          if (previousCreated != null) {
            assertThat(created.compareTo(previousCreated)).isLessThanOrEqualTo(0);
          }
          previousCreated = created;
        }
        cursor = page.path("next").isNull() ? null : page.path("next").asString();
        pages++;
      } while (cursor != null);
      assertThat(seen).hasSize(n);
      assertThat(pages).isEqualTo(6);

      JsonNode high =
          TestServer.json(server.get("/api/v1/incidents?severity=High&namespace=ns-3&limit=500"));
      assertThat(high.path("total").asInt()).isEqualTo(200);
      for (JsonNode i : high.path("incidents")) {
        assertThat(i.path("severity").asString()).isIn("High", "Critical");
        assertThat(i.path("context").path("k8s_ns_name").asString()).isEqualTo("ns-3");
      }
      assertThat(high.path("counts").path("severity").path("Medium").asInt()).isZero();

      JsonNode byCase =
          TestServer.json(
              server.get(
                  "/api/v1/incidents?case=kernel_module_container_escape,"
                      + URLEncoder.encode("Privileged Namespace Escape", StandardCharsets.UTF_8)));
      assertThat(byCase.path("total").asInt()).isEqualTo(2 * n / 3);
      JsonNode insmod = TestServer.json(server.get("/api/v1/incidents?q=INSMOD"));
      assertThat(insmod.path("total").asInt()).isEqualTo(n / 3);
      String one = Fleet.containerId(7);
      JsonNode container = TestServer.json(server.get("/api/v1/incidents?container=" + one));
      assertThat(container.path("total").asInt()).isEqualTo(1);
      assertThat(container.path("incidents").get(0).path("context").path("container_id").asString())
          .isEqualTo(one);
      JsonNode image =
          TestServer.json(
              server.get(
                  "/api/v1/incidents?image=ghcr.io/acme-observability/metrics-agent&hostname="
                      + "ip-10-42-17-203.eu-central-1.compute.internal"));
      assertThat(image.path("total").asInt()).isPositive();
      JsonNode future = TestServer.json(server.get("/api/v1/incidents?since=2999-01-01T00:00:00Z"));
      assertThat(future.path("total").asInt()).isZero();
      JsonNode past =
          TestServer.json(server.get("/api/v1/incidents?until=2999-01-01T00:00:00Z&limit=1"));
      assertThat(past.path("total").asInt()).isEqualTo(n);

      String id = container.path("incidents").get(0).path("id").asString();
      assertThat(status(server, id, null, "{\"status\":\"acknowledged\"}").statusCode())
          .isEqualTo(200);
      JsonNode acked =
          TestServer.json(server.get("/api/v1/incidents?status=acknowledged,resolved"));
      assertThat(acked.path("total").asInt()).isEqualTo(1);
      JsonNode open = TestServer.json(server.get("/api/v1/incidents?status=open&limit=1"));
      assertThat(open.path("counts").path("status").path("open").asInt()).isEqualTo(n - 1);

      assertBadParameter(server, "limit=501", "limit");
      assertBadParameter(server, "limit=0", "limit");
      assertBadParameter(server, "severity=Urgent", "severity");
      assertBadParameter(server, "status=closed", "status");
      assertBadParameter(server, "since=yesterday", "since");
      assertBadParameter(server, "cursor=bm90LWEtY3Vyc29y", "cursor");
      assertThat(server.get("/api/v1/incidents/unknown").statusCode()).isEqualTo(404);
    }
  }

  static void assertBadParameter(TestServer server, String query, String field) throws Exception {
    HttpResponse<String> r = server.get("/api/v1/incidents?" + query);
    assertThat(r.statusCode()).as(query).isEqualTo(400);
    assertThat(TestServer.json(r).path("field").asString()).isEqualTo(field);
  }

  static void post(TestServer server, List<String> lines) throws Exception {
    post(server, null, lines);
  }

  static void post(TestServer server, String authorization, List<String> lines) throws Exception {
    HttpRequest.Builder b =
        server.post("/", String.join("\n", lines) + "\n", "application/x-ndjson");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = server.send(b.build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    server.awaitDrained();
  }

  static HttpRequest get(TestServer server, String path, String authorization) {
    return HttpRequest.newBuilder(server.uri(path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", authorization)
        .GET()
        .build();
  }

  static HttpResponse<String> status(
      TestServer server, String id, String authorization, String body) throws Exception {
    HttpRequest.Builder b =
        server
            .post("/api/v1/incidents/" + id + "/status", body, "application/json")
            .header("X-Requested-By", "falco-correlator");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return server.send(b.build());
  }
}
