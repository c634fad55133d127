package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/explain, GET /api/v1/rules and the per-mapping hit counters on a real server. */
class AuthoringApiTest {
  static final String KERNEL_MODULE =
      "{\"output\":\"x\",\"priority\":\"Warning\",\"rule\":\"Linux Kernel Module Injection Detected\","
          + "\"source\":\"syscall\",\"time\":\"2026-03-01T10:00:00Z\",\"hostname\":\"node-1\",\"output_fields\":{\"container.id\":\"abc123abc123\"}}";
  static final String ENV_READ =
      "{\"output\":\"x\",\"priority\":\"Warning\",\"rule\":\"Read environment variable from /proc files\","
          + "\"source\":\"syscall\",\"time\":\"2026-03-01T10:00:00Z\",\"hostname\":\"node-1\",\"output_fields\":{\"container.id\":\"abc123abc123\"}}";
  static final String TOKEN = "Bearer tok-123";

  private static HttpResponse<String> authed(TestServer s, HttpRequest.Builder b) throws Exception {
    return s.send(b.header("Authorization", TOKEN).build());
  }

  @Test
  void explainRulesAndHitsUnderTheApiAuth(@TempDir Path dir) throws Exception {
    Files.copy(Path.of("rules-yaml", "mappings.yaml"), dir.resolve("mappings.yaml"));
    Files.copy(Path.of("rules-yaml", "cases.yaml"), dir.resolve("cases.yaml"));
    ServerConfig c =
        TestServer.config(
            TestServer.basicAndBearer(false), ServerConfig.Limits.defaults(), Optional.of(dir));
    c =
        new ServerConfig(
            c.listen(),
            c.tls(),
            c.auth(),
            c.limits(),
            new ServerConfig.Rules(Optional.of(dir), false),
            c.api(),
            c.outputs());
    try (TestServer s = new TestServer(c)) {
      assertThat(
              s.send(s.post("/api/v1/explain", ENV_READ, "application/json").build()).statusCode())
          .isEqualTo(401);
      assertThat(s.get("/api/v1/rules").statusCode()).isEqualTo(401);

      HttpResponse<String> explained =
          authed(
              s,
              s.post(
                  "/api/v1/explain",
                  ENV_READ + "\n" + KERNEL_MODULE + "\n",
                  "application/x-ndjson"));
      assertThat(explained.statusCode()).isEqualTo(200);
      JsonNode e = TestServer.json(explained);
      assertThat(e.path("alerts")).hasSize(2);
      JsonNode miss = e.path("alerts").get(0).path("near_misses").get(0);
      assertThat(miss.path("id").asString())
          .isEqualTo("enumeration-environ-read-by-dropped-binary");
      assertThat(miss.path("failed").get(0).path("reason").asString())
          .startsWith("field absent: add `proc.is_exe_upper_layer`");
      assertThat(e.path("alerts").get(1).path("groups").get(0).path("group").asString())
          .isEqualTo("kernel_module_escape");
      HttpResponse<String> bad = authed(s, s.post("/api/v1/explain", "{nope", "application/json"));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(bad).path("errors").get(0).path("reason").asString()).isNotEmpty();

      // Explaining counts nothing; receiving does.
      JsonNode rules =
          TestServer.json(authed(s, HttpRequest.newBuilder(s.uri("/api/v1/rules")).GET()));
      assertThat(rules.path("source").asString()).isEqualTo(dir.toString());
      assertThat(rules.path("last_reload").isNull()).isTrue();
      JsonNode kernel = find(rules.path("mappings"), "kernel-module-load");
      assertThat(kernel.path("file").asString()).isEqualTo("mappings.yaml");
      assertThat(kernel.path("line").asInt())
          .isEqualTo(lineOf(dir.resolve("mappings.yaml"), "  - id: kernel-module-load"));
      assertThat(kernel.path("groups").get(0).asString()).isEqualTo("kernel_module_escape");
      assertThat(kernel.path("hits").asLong()).isZero();
      assertThat(rules.path("never_matched").toString()).contains("kernel-module-load");
      JsonNode kcase = find(rules.path("cases"), "kernel_module_container_escape");
      assertThat(kcase.path("name").asString()).isEqualTo("Kernel Module Container Escape");
      assertThat(kcase.path("severity").asString()).isEqualTo("Critical");
      assertThat(kcase.path("file").asString()).isEqualTo("cases.yaml");
      assertThat(kcase.path("line").asInt())
          .isEqualTo(lineOf(dir.resolve("cases.yaml"), "  - id: kernel_module_container_escape"));

      assertThat(authed(s, s.post("/", KERNEL_MODULE, "application/json")).statusCode())
          .isEqualTo(200);
      rules = TestServer.json(authed(s, HttpRequest.newBuilder(s.uri("/api/v1/rules")).GET()));
      assertThat(find(rules.path("mappings"), "kernel-module-load").path("hits").asLong())
          .isEqualTo(1);
      assertThat(rules.path("never_matched").toString()).doesNotContain("kernel-module-load");
      assertThat(s.get("/metrics").body())
          .contains("falco_correlator_mapping_hits_total{mapping=\"kernel-module-load\"} 1.0")
          .contains("falco_correlator_mapping_hits_total{mapping=\"ptrace-attach\"} 0.0");

      // A refused reload is reported; a good one keeps the counts of unchanged entries.
      Files.writeString(
          dir.resolve("zz-mine.yaml"),
          "mappings:\n  - id: x\n    groups: [enumeraton]\n    match: {rule: R}\n");
      assertThat(
              authed(
                      s,
                      HttpRequest.newBuilder(s.uri("/api/v1/reload"))
                          .POST(HttpRequest.BodyPublishers.noBody()))
                  .statusCode())
          .isEqualTo(422);
      JsonNode refused =
          TestServer.json(authed(s, HttpRequest.newBuilder(s.uri("/api/v1/rules")).GET()))
              .path("last_reload");
      assertThat(refused.path("ok").asBoolean()).isFalse();
      assertThat(refused.path("problems").get(0).asString())
          .startsWith("zz-mine.yaml:3 mappings[0].groups[0]: unknown group \"enumeraton\"");
      Files.delete(dir.resolve("zz-mine.yaml"));
      assertThat(
              authed(
                      s,
                      HttpRequest.newBuilder(s.uri("/api/v1/reload"))
                          .POST(HttpRequest.BodyPublishers.noBody()))
                  .statusCode())
          .isEqualTo(200);
      rules = TestServer.json(authed(s, HttpRequest.newBuilder(s.uri("/api/v1/rules")).GET()));
      assertThat(rules.path("last_reload").path("ok").asBoolean()).isTrue();
      assertThat(find(rules.path("mappings"), "kernel-module-load").path("hits").asLong())
          .isEqualTo(1);
    }
  }

  private static JsonNode find(JsonNode array, String id) {
    for (JsonNode n : array) {
      if (n.path("id").asString().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no " + id + " in " + array);
  }

  private static int lineOf(Path file, String text) throws Exception {
    java.util.List<String> lines = Files.readAllLines(file);
    return lines.indexOf(text) + 1;
  }
}
