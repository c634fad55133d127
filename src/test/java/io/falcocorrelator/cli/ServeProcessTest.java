package io.falcocorrelator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as a real process: startup line, SIGHUP reload, SIGTERM drain and exit 0. */
class ServeProcessTest {
  @Test
  void servesReloadsOnSighupAndExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
    Files.copy(Path.of("rules-yaml/mappings.yaml"), dir.resolve("mappings.yaml"));
    Files.copy(Path.of("rules-yaml/cases.yaml"), dir.resolve("cases.yaml"));
    io.falcocorrelator.support.ServeProcess serve =
        io.falcocorrelator.support.ServeProcess.start(
            "serve", "--port", "0", "--rules", dir.toString());
    Process p = serve.process();
    List<String> lines = serve.lines();
    try {
      String startup =
          lines.stream().filter(l -> l.contains("listening on")).findFirst().orElseThrow();
      assertThat(startup).contains("auth=none").contains("8 cases");
      URI uri = serve.uri();
      HttpClient client = HttpClient.newHttpClient();
      for (String alert :
          Files.readAllLines(Path.of("test-fixtures/scenarios/ptrace-host-injection.ndjson"))) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alert))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      Files.writeString(
          dir.resolve("local.yaml"),
          "cases:\n  - {id: local, name: Local, severity: Medium, groups: [enumeration, ptrace_escape]}\n");
      new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
      Await.until(
          "a reload",
          Duration.ofSeconds(20),
          () ->
              lines.stream().anyMatch(l -> l.contains("rules reloaded") && l.contains("9 cases")));
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      Await.until(
          "the last lines",
          Duration.ofSeconds(5),
          () -> lines.stream().anyMatch(l -> l.contains("stopped")));
      assertThat(lines)
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains("composite case=\"Ptrace Host Injection\" severity=Critical"));
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("stopped"));
    } finally {
      p.destroyForcibly();
    }
  }
}
