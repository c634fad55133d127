package io.falcocorrelator.cli;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.yaml.RulesException;
import java.io.BufferedWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code resend --config FILE DEAD_LETTER_FILE}: sends the composites of a dead-letter file again
 * through the outputs they were meant for (or {@code --output NAME}). What fails again is written
 * to {@code FILE.failed}, with the new reason.
 */
@Command(
    name = "resend",
    mixinStandardHelpOptions = true,
    description = "Re-send the composites of a dead-letter file through the configured outputs.")
final class ResendCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The serve config with the outputs.")
  Path config;

  @Option(
      names = "--output",
      paramLabel = "NAME",
      description = "Send every line to this output instead of the line's own.")
  String output;

  @Parameters(paramLabel = "DEAD_LETTER_FILE")
  Path file;

  @Override
  public Integer call() throws Exception {
    ServerConfig cfg;
    try {
      cfg = ServerConfigLoader.load(config);
    } catch (RulesException e) {
      return ProblemReport.print("configuration", e);
    }
    SinkContext context =
        new SinkContext(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    Map<String, Sink> sinks = new HashMap<>();
    int sent = 0;
    int failed = 0;
    Path failedFile = file.resolveSibling(file.getFileName() + ".failed");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    try (BufferedWriter out = Files.newBufferedWriter(failedFile, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        JsonNode line = CompositeJson.MAPPER.readTree(lines.get(i));
        String route = output != null ? output : line.path("route").asString();
        OutputConfig oc =
            cfg.outputs().routes().stream()
                .filter(r -> r.name().equals(route))
                .findFirst()
                .orElse(null);
        CompositeAlert alert = CompositeJson.fromJson(line.path("composite"));
        Delivery d;
        if (oc == null) {
          d = new Delivery.Rejected("no output named \"" + route + "\" in " + config);
        } else {
          Sink sink = sinks.get(route);
          if (sink == null) {
            sink = oc.settings().create(context);
            sinks.put(route, sink);
          }
          d = sink.deliver(alert, io.falcocorrelator.output.StatusUpdate.read(line));
        }
        if (d instanceof Delivery.Delivered) {
          sent++;
        } else {
          failed++;
          String reason =
              d instanceof Delivery.Retryable
                  ? ((Delivery.Retryable) d).reason()
                  : ((Delivery.Rejected) d).reason();
          System.err.println(
              file.getFileName()
                  + ":"
                  + (i + 1)
                  + " "
                  + alert.id()
                  + " to "
                  + route
                  + ": "
                  + reason);
          ((tools.jackson.databind.node.ObjectNode) line).put("reason", reason);
          out.write(CompositeJson.MAPPER.writeValueAsString(line));
          out.newLine();
        }
      }
    } finally {
      sinks.values().forEach(Sink::close);
    }
    if (failed == 0) {
      Files.deleteIfExists(failedFile);
    }
    System.err.println(
        "resent "
            + sent
            + ", failed "
            + failed
            + (failed > 0 ? " (written to " + failedFile + ")" : ""));
    return failed == 0 ? 0 : 1;
  }
}
