package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.cli.Main;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.ScriptedHttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output spool across a crash: the sink is down while composites are produced, the process
 * is killed with SIGKILL, the sink comes back, the process restarts on the same spool: every
 * composite arrives, exactly once per route.
 */
class DurableDeliveryTest {
  record Server(Process process, List<String> lines, URI uri) {}

  static Server start(Path config) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", config.toString())
        .redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          lines.add(l);
        }
      } catch (Exception ignored) {
        // process ended
      }
    });
    t.setDaemon(true);
    t.start();
    Await.until("the server to start", Duration.ofSeconds(30), () -> lines.stream().anyMatch(l -> l.contains("listening on")));
    Matcher m = Pattern.compile("http://[^:]+:(\\d+)/").matcher(lines.stream().filter(l -> l.contains("listening on")).findFirst().orElseThrow());
    assertThat(m.find()).isTrue();
    return new Server(p, lines, URI.create("http://127.0.0.1:" + m.group(1) + "/"));
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
    Files.writeString(config, String.join("\n",
        "server: {host: 127.0.0.1, port: 0}",
        "outputs:",
        "  - {name: siem, type: webhook, url: \"http://127.0.0.1:" + sinkPort + "/events\"}",
        "spool: {dir: spool}",
        "delivery: {max_attempts: 1000, initial_backoff: 100ms, max_backoff: 300ms, budget: 1h}", ""));
    Server first = start(config);
    HttpClient client = HttpClient.newHttpClient();
    for (String scenario : new String[] {"docker-socket-escape", "kernel-module-escape", "ptrace-host-injection"}) {
      for (String alert : Files.readAllLines(Path.of("test-fixtures/scenarios/" + scenario + ".ndjson"))) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(first.uri()).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(alert)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
    }
    Await.until("three composites spooled", Duration.ofSeconds(20), () -> {
      try {
        return spooled(spool) == 3;
      } catch (Exception e) {
        return false;
      }
    });
    first.process().destroyForcibly().waitFor();
    assertThat(first.process().exitValue()).isEqualTo(137);

    try (ScriptedHttpServer sink = new ScriptedHttpServer(sinkPort)) {
      Server second = start(config);
      try {
        Await.until("the spool to drain", Duration.ofSeconds(30), () -> {
          try {
            return spooled(spool) == 0 && sink.requests.size() >= 3;
          } catch (Exception e) {
            return false;
          }
        });
        second.process().destroy();
        second.process().waitFor();
        Map<String, Long> byId = sink.requests.stream()
            .collect(Collectors.groupingBy(r -> r.header("X-Falco-Correlator-Id"), Collectors.counting()));
        assertThat(byId).hasSize(3).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        assertThat(sink.requests.stream().map(r -> r.body()).collect(Collectors.joining()))
            .contains("Docker Socket Escape", "Kernel Module Container Escape", "Ptrace Host Injection");
      } finally {
        second.process().destroyForcibly();
      }
    }
  }
}
