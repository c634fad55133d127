package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.webhook.WebhookSettings;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.ScriptedHttpServer;
import io.falcocorrelator.support.ScriptedHttpServer.Answer;
import io.falcocorrelator.yaml.Secret;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Routing, retries, Retry-After, dead letters and the spool, against a real local HTTP server. */
class DispatcherTest {
  static final CompositeAlert ALERT = PayloadGoldenTest.HOSTILE;
  static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30));
  final SinkContext context =
      new SinkContext(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());

  static OutputConfig webhook(String name, String url, Severity min, Set<String> cases) {
    return new OutputConfig(
        name,
        "webhook",
        min,
        cases,
        Set.of(),
        Set.of(),
        new WebhookSettings(
            new HttpTarget(
                new Secret(url), "POST", Map.of("X-Team", new Secret("sec")), ClientTls.DEFAULT),
            Formats.NATIVE));
  }

  static class Counting implements OutputMetrics {
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger dead = new AtomicInteger();

    @Override
    public void delivered(String route, Duration latency) {
      delivered.incrementAndGet();
    }

    @Override
    public void retried(String route) {
      retried.incrementAndGet();
    }

    @Override
    public void failed(String route) {
      failed.incrementAndGet();
    }

    @Override
    public void deadLettered(String route) {
      dead.incrementAndGet();
    }

    @Override
    public void queue(String route, java.util.function.IntSupplier depth) {}
  }

  @Test
  void deliversWithTheIdAndRoutesBySeverityAndCase(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer siem = new ScriptedHttpServer();
        ScriptedHttpServer pager = new ScriptedHttpServer()) {
      Counting m = new Counting();
      Dispatcher d =
          new Dispatcher(
              List.of(
                  webhook("siem", siem.url("/in"), Severity.MEDIUM, Set.of()),
                  webhook("pager", pager.url("/page"), Severity.CRITICAL, Set.of()),
                  webhook(
                      "other-case",
                      pager.url("/other"),
                      Severity.MEDIUM,
                      Set.of("kernel_module_container_escape"))),
              context,
              new Spool(dir, false),
              FAST,
              m,
              Clock.systemUTC());
      d.start();
      d.submit(ALERT);
      Await.until("delivery", Duration.ofSeconds(10), () -> m.delivered.get() == 1);
      d.close(Duration.ofSeconds(5));
      assertThat(pager.requests).isEmpty();
      ScriptedHttpServer.Request r = siem.requests.get(0);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.header("X-Falco-Correlator-Id")).isEqualTo(ALERT.id());
      assertThat(r.header("X-Team")).isEqualTo("sec");
      JsonNode body = CompositeJson.MAPPER.readTree(r.body());
      assertThat(body.path("case").asString()).isEqualTo("Docker Socket Escape");
      assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".json")).count())
          .as("spool emptied")
          .isZero();
    }
  }

  @Test
  void retriesRetryableAnswersHonouringRetryAfter(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer slack = new ScriptedHttpServer()) {
      slack.then(new Answer(429, "1", 0), Answer.status(500), Answer.status(503));
      Counting m = new Counting();
      Dispatcher d =
          new Dispatcher(
              List.of(webhook("slack", slack.url("/"), Severity.MEDIUM, Set.of())),
              context,
              new Spool(dir, false),
              FAST,
              m,
              Clock.systemUTC());
      long start = System.nanoTime();
      d.submit(ALERT);
      Await.until("delivery after retries", Duration.ofSeconds(15), () -> m.delivered.get() == 1);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      d.close(Duration.ofSeconds(5));
      assertThat(slack.requests).hasSize(4);
      assertThat(m.retried.get()).isEqualTo(3);
      // Retry-After: 1 is a second, far above the 20 ms backoff; capped by max_backoff (200 ms)
      // here.
      assertThat(elapsedMs).isGreaterThanOrEqualTo(200);
      assertThat(slack.requests)
          .extracting(r -> r.header("X-Falco-Correlator-Id"))
          .containsOnly(ALERT.id());
    }
  }

  @Test
  void neverRetriesOther4xxAndDeadLettersWithTheReason(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer hook = new ScriptedHttpServer()) {
      hook.then(Answer.status(400));
      Counting m = new Counting();
      Dispatcher d =
          new Dispatcher(
              List.of(webhook("hook", hook.url("/"), Severity.MEDIUM, Set.of())),
              context,
              new Spool(dir, false),
              FAST,
              m,
              Clock.systemUTC());
      d.submit(ALERT);
      Await.until("dead letter", Duration.ofSeconds(10), () -> m.dead.get() == 1);
      d.close(Duration.ofSeconds(5));
      assertThat(hook.requests).hasSize(1);
      assertThat(m.failed.get()).isEqualTo(1);
      String dead = Files.readString(dir.resolve(Spool.DEAD_LETTER));
      JsonNode line = CompositeJson.MAPPER.readTree(dead.lines().findFirst().orElseThrow());
      assertThat(line.path("route").asString()).isEqualTo("hook");
      assertThat(line.path("reason").asString()).startsWith("HTTP 400");
      assertThat(line.path("composite").path("id").asString()).isEqualTo(ALERT.id());
      assertThat(dead).doesNotContain(hook.url("/"));
    }
  }

  @Test
  void givesUpOnARefusedConnectionAfterTheAttemptBudget(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Counting m = new Counting();
    Dispatcher d =
        new Dispatcher(
            List.of(webhook("down", "http://127.0.0.1:" + port + "/", Severity.MEDIUM, Set.of())),
            context,
            new Spool(dir, false),
            FAST,
            m,
            Clock.systemUTC());
    d.submit(ALERT);
    Await.until("dead letter", Duration.ofSeconds(15), () -> m.dead.get() == 1);
    d.close(Duration.ofSeconds(5));
    assertThat(m.retried.get()).isEqualTo(FAST.maxAttempts() - 1);
    assertThat(Files.readString(dir.resolve(Spool.DEAD_LETTER))).contains("I/O error");
  }

  @Test
  void aSlowReceiverTimesOutAndIsRetried(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer slow = new ScriptedHttpServer()) {
      slow.then(new Answer(200, null, 11_000));
      Counting m = new Counting();
      Dispatcher d =
          new Dispatcher(
              List.of(webhook("slow", slow.url("/"), Severity.MEDIUM, Set.of())),
              context,
              new Spool(dir, false),
              FAST,
              m,
              Clock.systemUTC());
      d.submit(ALERT);
      Await.until("delivery after a timeout", Duration.ofSeconds(30), () -> m.delivered.get() == 1);
      d.close(Duration.ofSeconds(5));
      assertThat(m.retried.get()).isEqualTo(1);
    }
  }

  @Test
  void deliversWhatTheSpoolStillOwesAfterARestart(@TempDir Path dir) throws Exception {
    Spool spool = new Spool(dir, true);
    spool.write(ALERT, List.of("a", "b"));
    spool.done(ALERT.id(), "a", List.of("a", "b"));
    try (ScriptedHttpServer b = new ScriptedHttpServer()) {
      Counting m = new Counting();
      Dispatcher d =
          new Dispatcher(
              List.of(webhook("b", b.url("/"), Severity.MEDIUM, Set.of())),
              context,
              spool,
              FAST,
              m,
              Clock.systemUTC());
      d.start();
      Await.until("recovered delivery", Duration.ofSeconds(10), () -> m.delivered.get() == 1);
      d.close(Duration.ofSeconds(5));
      assertThat(b.requests).hasSize(1);
      assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
          .as("spool emptied, markers removed, a tombstone kept")
          .containsExactly(ALERT.id() + ".delivered");
      // A replay of the same composite (after a crash) is not delivered again.
      assertThat(spool.write(ALERT, List.of("b"))).isFalse();
    }
  }

  @Test
  void setsACorruptSpoolFileAsideAndGoesOn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("broken.json"), "{\"routes\":[\"a\"],\"composite\":{\"id\":");
    Spool spool = new Spool(dir, false);
    List<String> warnings = new java.util.ArrayList<>();
    assertThat(spool.pending(warnings::add)).isEmpty();
    assertThat(warnings).singleElement().asString().contains("broken.json");
    assertThat(Files.exists(dir.resolve("broken.json.corrupt"))).isTrue();
  }
}
