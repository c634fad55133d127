package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.ScriptedHttpServer;
import io.falcocorrelator.support.ServeProcess;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output spool across a crash: the sink is down while composites are produced, the process is
 * killed with SIGKILL, the sink comes back, the process restarts on the same spool: every composite
 * arrives, exactly once per route.
 */
class DurableDeliveryTest {
  static ServeProcess start(Path config) throws Exception {
    return ServeProcess.start("serve", "--config", config.toString());
  }

  static long spooled(Path spool) throws Exception {
    try (Stream<Path> s = Files.list(spool)) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    }
  }

  @Test
  void everyCompositeArrivesExactlyOnceAfterAKill9(@TempDir Path dir) throws Exception {
    int sinkPort;
    try (ServerSocket s = new ServerSocket(0)) {
      sinkPort = s.getLocalPort();
    }
    Path spool = dir.resolve("spool");
    Path config = dir.resolve("serve.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "server: {host: 127.0.0.1, port: 0}",
            "outputs:",
            "  - {name: siem, type: webhook, url: \"http://127.0.0.1:" + sinkPort + "/events\"}",
            "spool: {dir: spool}",
            "delivery: {max_attempts: 1000, initial_backoff: 100ms, max_backoff: 300ms, budget: 1h}",
            ""));
    ServeProcess first = start(config);
    HttpClient client = HttpClient.newHttpClient();
    for (String scenario :
        new String[] {"docker-socket-escape", "kernel-module-escape", "ptrace-host-injection"}) {
      for (String alert :
          Files.readAllLines(Path.of("test-fixtures/scenarios/" + scenario + ".ndjson"))) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(first.uri())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alert))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
    }
    Await.until(
        "three composites spooled",
        Duration.ofSeconds(20),
        () -> {
          try {
            return spooled(spool) == 3;
          } catch (Exception e) {
            return false;
          }
        });
    first.process().destroyForcibly().waitFor();
    assertThat(first.process().exitValue()).isEqualTo(137);

    try (ScriptedHttpServer sink = new ScriptedHttpServer(sinkPort)) {
      ServeProcess second = start(config);
      try {
        Await.until(
            "the spool to drain",
            Duration.ofSeconds(30),
            () -> {
              try {
                return spooled(spool) == 0 && sink.requests.size() >= 3;
              } catch (Exception e) {
                return false;
              }
            });
        second.process().destroy();
        second.process().waitFor();
        Map<String, Long> byId =
            sink.requests.stream()
                .collect(
                    Collectors.groupingBy(
                        r -> r.header("X-Falco-Correlator-Id"), Collectors.counting()));
        assertThat(byId).hasSize(3).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        assertThat(sink.requests.stream().map(r -> r.body()).collect(Collectors.joining()))
            .contains(
                "Docker Socket Escape", "Kernel Module Container Escape", "Ptrace Host Injection");
      } finally {
        second.process().destroyForcibly();
      }
    }
  }
}
