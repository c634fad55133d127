package io.falcocorrelator.cli;

import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.correlate.EventTimeClock;
import io.falcocorrelator.correlate.Outcome;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.yaml.RulesException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code replay [--rules DIR] FILE...}: runs alert files through the same core as the server, in
 * file order, correlating on event time, so hours of alerts replay in milliseconds with the same
 * results. Processing time is event time too ({@link EventTimeClock}): the output is reproducible
 * byte for byte. Composites go to stdout, one JSON per line; the summary goes to stderr.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Correlate Falco alert files (NDJSON or a JSON array; - for stdin) and print composite alerts as JSON lines.")
final class ReplayCommand implements Callable<Integer> {
  static final int MAX_LISTED_ERRORS = 50;

  @Mixin RulesOption rules;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Alert files; - reads standard input.")
  List<String> files;

  @Override
  public Integer call() throws IOException {
    RuleSet set;
    try {
      set = rules.load();
    } catch (RulesException e) {
      return ProblemReport.print("rules", e);
    }
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
    CorrelationStats stats = new CorrelationStats();
    // Processing time is the newest event time read: the output, detected_at included, is the
    // same on every run.
    EventTimeClock clock = new EventTimeClock(Instant.EPOCH);
    ContextTable table = new ContextTable(set.correlator(), set.contextKeys(), clock, stats);
    Summary summary = new Summary();
    AlertReader reader = new AlertReader();
    int exit = 0;
    for (String file : files) {
      try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
        reader.read(
            in,
            new AlertReader.Listener() {
              @Override
              public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
                clock.advanceTo(alert.time());
                table.process(
                    alert,
                    set.classifier().classify(alert),
                    c -> out.println(CompositeJson.toLine(c)));
              }

              @Override
              public void error(ItemError error) {
                summary.reject(file, error);
              }
            });
      } catch (IOException e) {
        System.err.println(file + ": cannot read: " + e.getMessage());
        exit = 2;
      }
    }
    out.flush();
    summary.print(System.err, stats);
    return exit;
  }

  /** Rejections with their location, and the closing counts. */
  static final class Summary {
    private final List<String> errors = new ArrayList<>();
    private long rejected;

    void reject(String file, ItemError error) {
      rejected++;
      if (errors.size() < MAX_LISTED_ERRORS) {
        errors.add(file + ": " + error);
      }
    }

    void print(PrintStream err, CorrelationStats stats) {
      err.println(
          "alerts read: "
              + (stats.alerts() + rejected)
              + ", accepted: "
              + stats.alerts()
              + ", rejected: "
              + rejected);
      errors.forEach(e -> err.println("  rejected " + e));
      if (rejected > errors.size()) {
        err.println("  ... and " + (rejected - errors.size()) + " more rejected");
      }
      err.println("outcomes: " + outcomeLine(stats));
      StringBuilder groups = new StringBuilder();
      for (ActivityGroup g : ActivityGroup.values()) {
        if (stats.groupHits(g) > 0) {
          groups
              .append(groups.length() == 0 ? "" : ", ")
              .append(g.id())
              .append('=')
              .append(stats.groupHits(g));
        }
      }
      err.println("group hits: " + (groups.length() == 0 ? "none" : groups));
      err.println(
          "composites: "
              + stats.compositeTotal()
              + (stats.folded() > 0
                  ? " (+" + stats.folded() + " folded into more severe incidents)"
                  : ""));
      for (Map.Entry<String, Long> e : stats.composites().entrySet()) {
        err.println("  " + e.getKey().replace('|', ' ') + ": " + e.getValue());
      }
    }

    private static String outcomeLine(CorrelationStats stats) {
      StringBuilder sb = new StringBuilder();
      for (Outcome o : Outcome.values()) {
        sb.append(sb.length() == 0 ? "" : ", ")
            .append(o.name().toLowerCase(java.util.Locale.ROOT))
            .append('=')
            .append(stats.outcome(o));
      }
      return sb.toString();
    }
  }
}
