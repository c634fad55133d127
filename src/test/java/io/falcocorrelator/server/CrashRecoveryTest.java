package io.falcocorrelator.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.ScriptedHttpServer;
import io.falcocorrelator.support.ServeProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Four attacks interleaved with noise, posted one alert per request to the real server with a state
 * directory, which is killed with SIGKILL every few requests at an arbitrary moment (during a
 * request, before or after it) and restarted on the same directory; the client sends a request that
 * got no answer again. The composites the webhook receives equal an uninterrupted run's. A kill
 * between a receiver's 2xx and the spool recording it can repeat that one delivery (no remote call
 * can be atomic with a local write); it carries the same composite id, so a receiver that
 * de-duplicates on {@code X-Falco-Correlator-Id} sees each composite exactly once.
 */
class CrashRecoveryTest {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Starts serve; its output also goes to {@code log}, across restarts. */
  static ServeProcess start(Path config, Path log) throws Exception {
    ServeProcess p = ServeProcess.start("serve", "--config", config.toString());
    Files.writeString(
        log,
        String.join("\n", p.lines()) + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return p;
  }

  static List<String> stream() throws Exception {
    List<List<String>> parts = new ArrayList<>();
    for (String s :
        new String[] {
          "docker-socket-escape",
          "cgroup-release-agent-escape",
          "kernel-module-escape",
          "ptrace-host-injection",
          "benign-noise"
        }) {
      parts.add(
          Files.readAllLines(Path.of("test-fixtures/scenarios/" + s + ".ndjson"))
              .subList(
                  0,
                  s.equals("benign-noise")
                      ? 40
                      : Files.readAllLines(Path.of("test-fixtures/scenarios/" + s + ".ndjson"))
                          .size()));
    }
    return io.falcocorrelator.support.Scenarios.interleave(parts);
  }

  /** What an uninterrupted run produces: case@container. */
  static Set<String> uninterrupted(List<String> alerts) {
    return io.falcocorrelator.support.Scenarios.casesAt(alerts);
  }

  @Test
  void killedEveryFewRequestsAndRestartedProducesExactlyTheUninterruptedComposites(
      @TempDir Path dir) throws Exception {
    List<String> alerts = stream();
    Set<String> expected = uninterrupted(alerts);
    assertThat(expected).hasSizeGreaterThanOrEqualTo(5);
    try (ScriptedHttpServer siem = new ScriptedHttpServer()) {
      Path config = dir.resolve("serve.yaml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "server: {host: 127.0.0.1, port: 0}",
              "state: {dir: state}",
              "outputs:",
              "  - {name: siem, type: webhook, url: '" + siem.url("/") + "'}",
              "spool: {dir: spool}",
              "delivery: {max_attempts: 1000, initial_backoff: 100ms, max_backoff: 300ms, budget: 1h}",
              ""));
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      java.util.concurrent.atomic.AtomicReference<ServeProcess> current =
          new java.util.concurrent.atomic.AtomicReference<>(
              start(config, dir.resolve("server.log")));
      int kills = 0;
      java.util.Random random = new java.util.Random(42);
      for (int i = 0; i < alerts.size(); i++) {
        if (i % 9 == 4) {
          // Kill at an arbitrary moment: while this request is in flight, or just before or after
          // it.
          ServeProcess victim = current.get();
          long delayMicros = random.nextInt(3000);
          new Thread(
                  () -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(delayMicros * 1000);
                    victim.process().destroyForcibly();
                  })
              .start();
          kills++;
        }
        // An at-least-once client (Falcosidekick-like): a request that got no answer is sent again.
        while (true) {
          ServeProcess server = current.get();
          try {
            HttpRequest post =
                HttpRequest.newBuilder(server.uri())
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(alerts.get(i)))
                    .build();
            HttpResponse<String> r = client.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            break;
          } catch (java.io.IOException e) {
            server.process().waitFor();
            current.compareAndSet(server, start(config, dir.resolve("server.log")));
          }
        }
        ServeProcess server = current.get();
        if (!server.process().isAlive()) {
          server.process().waitFor();
          current.compareAndSet(server, start(config, dir.resolve("server.log")));
        }
      }
      ServeProcess server = current.get();
      Await.until(
          "every composite delivered",
          Duration.ofSeconds(60),
          () -> siem.requests.size() >= expected.size());
      server.process().destroy();
      server.process().waitFor();
      Map<String, Long> ids =
          siem.requests.stream()
              .collect(
                  Collectors.groupingBy(
                      q -> q.header("X-Falco-Correlator-Id"), Collectors.counting()));
      assertThat(ids).as("one id per composite").hasSize(expected.size());
      long repeats = ids.values().stream().mapToLong(n -> n - 1).sum();
      assertThat(repeats)
          .as("repeated deliveries, at most one per kill")
          .isLessThanOrEqualTo(kills);
      assertThat(kills).isGreaterThanOrEqualTo(5);
      Set<String> got = new HashSet<>();
      for (ScriptedHttpServer.Request q : siem.requests) {
        var c = MAPPER.readTree(q.body());
        got.add(
            c.path("case").asString() + "@" + c.path("context").path("container_id").asString());
      }
      assertThat(got).isEqualTo(expected);
      assertThat(Files.readString(dir.resolve("server.log"))).contains("state recovered");
    }
  }

  @Test
  void startsWithEmptyStateWhenTheStoreCannotBeOpened(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("state");
    List<String> warnings = new ArrayList<>();
    try (DurableState s = DurableState.open(state, false, warnings::add)) {
      s.journal().append(List.of("{}".getBytes(StandardCharsets.UTF_8)));
    }
    // Damage every file of the store.
    try (var files = Files.list(state)) {
      for (Path f : files.toList()) {
        Files.write(f, "garbage".getBytes(StandardCharsets.UTF_8));
      }
    }
    try (DurableState s = DurableState.open(state, false, warnings::add)) {
      assertThat(s.journal().pending()).isEmpty();
    }
    assertThat(warnings)
        .anySatisfy(
            w -> assertThat(w).contains("cannot be opened").contains("starting with empty state"));
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .anySatisfy(n -> assertThat(n).startsWith("state.corrupt-"));
    }
  }

  @Test
  void keepsTheIntactPartWhenTheLogTailIsTorn(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("state");
    try (DurableState s = DurableState.open(state, true, w -> {})) {
      s.journal().append(List.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
      s.journal().append(List.of("{\"a\":2}".getBytes(StandardCharsets.UTF_8)));
    }
    Path wal;
    try (var files = Files.list(state)) {
      wal = files.filter(p -> p.toString().endsWith(".log")).max(Path::compareTo).orElse(null);
    }
    if (wal != null && Files.size(wal) > 10) {
      byte[] b = Files.readAllBytes(wal);
      Files.write(wal, java.util.Arrays.copyOf(b, b.length - 5));
    }
    List<String> warnings = new ArrayList<>();
    try (DurableState s = DurableState.open(state, false, warnings::add)) {
      assertThat(s.journal().pending().size()).isBetween(1, 2);
    }
  }
}
