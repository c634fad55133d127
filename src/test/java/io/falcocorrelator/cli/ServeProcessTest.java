package io.falcocorrelator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as a real process: startup line, SIGHUP reload, SIGTERM drain and exit 0. */
class ServeProcessTest {
  @Test
  void servesReloadsOnSighupAndExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
    Files.copy(Path.of("rules-yaml/mappings.yaml"), dir.resolve("mappings.yaml"));
    Files.copy(Path.of("rules-yaml/cases.yaml"), dir.resolve("cases.yaml"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0", "--rules", dir.toString())
        .redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          lines.add(l);
        }
      } catch (Exception ignored) {
        // process ended
      }
    });
    reader.start();
    try {
      Await.until("the startup line", Duration.ofSeconds(30), () -> lines.stream().anyMatch(l -> l.contains("listening on")));
      String startup = lines.stream().filter(l -> l.contains("listening on")).findFirst().orElseThrow();
      assertThat(startup).contains("auth=none").contains("8 cases");
      Matcher m = Pattern.compile("http://[^:]+:(\\d+)/").matcher(startup);
      assertThat(m.find()).isTrue();
      URI uri = URI.create("http://127.0.0.1:" + m.group(1) + "/");
      HttpClient client = HttpClient.newHttpClient();
      for (String alert : Files.readAllLines(Path.of("test-fixtures/scenarios/ptrace-host-injection.ndjson"))) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(alert)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      Files.writeString(dir.resolve("local.yaml"), "cases:\n  - {id: local, name: Local, severity: Medium, groups: [enumeration, ptrace_escape]}\n");
      new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
      Await.until("a reload", Duration.ofSeconds(20), () -> lines.stream().anyMatch(l -> l.contains("rules reloaded") && l.contains("9 cases")));
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      reader.join(5000);
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("composite case=\"Ptrace Host Injection\" severity=Critical"));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("stopped"));
    } finally {
      p.destroyForcibly();
    }
  }
}
