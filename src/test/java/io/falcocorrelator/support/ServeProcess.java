package io.falcocorrelator.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code falco-correlator serve ...} in a JVM of its own (so it can be signalled or killed), with
 * its output lines and URL.
 */
public record ServeProcess(Process process, List<String> lines, URI uri) {

  /** Starts the command and waits for its startup line. */
  public static ServeProcess start(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                  lines.add(l);
                }
              } catch (Exception ignored) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
    try {
      Await.until(
          "the startup line",
          Duration.ofSeconds(90),
          () -> lines.stream().anyMatch(l -> l.contains("listening on")));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; output so far:\n" + String.join("\n", lines), e);
    }
    Matcher m =
        Pattern.compile("http://[^:]+:(\\d+)/")
            .matcher(
                lines.stream().filter(l -> l.contains("listening on")).findFirst().orElseThrow());
    assertThat(m.find()).isTrue();
    return new ServeProcess(p, lines, URI.create("http://127.0.0.1:" + m.group(1) + "/"));
  }
}
