package io.falcocorrelator.cli;

import io.falcocorrelator.explain.Explainer;
import io.falcocorrelator.explain.ExplanationJson;
import io.falcocorrelator.explain.ExplanationText;
import io.falcocorrelator.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code explain [--rules DIR] [--json] FILE|-}: for each alert, its execution context, the
 * mappings that matched, the exceptions that removed groups and the near misses, from the
 * classifier's own matchers.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Explain what the mappings make of each alert (one alert, a JSON array or NDJSON; - for stdin): "
            + "context, matching mappings with file:line, groups, exceptions and near misses.")
final class ExplainCommand implements Callable<Integer> {
  @Mixin RulesOption rules;

  @Option(names = "--json", description = "Print one JSON document for tools instead of text.")
  boolean json;

  @Parameters(index = "0", paramLabel = "FILE", description = "Alert file; - reads standard input.")
  String file;

  @Override
  public Integer call() {
    java.util.Optional<RuleSet> loaded = rules.loadOrReport();
    if (loaded.isEmpty()) {
      return 1;
    }
    RuleSet set = loaded.get();
    Explainer.Result result;
    try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
      result = new Explainer(set).explain(in);
    } catch (NoSuchFileException e) {
      System.err.println(file + ": no such file");
      return 2;
    } catch (IOException e) {
      System.err.println(file + ": cannot read: " + e.getMessage());
      return 2;
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    if (json) {
      out.println(ExplanationJson.toJson(result).toPrettyString());
    } else {
      ExplanationText.print(result, out);
    }
    out.flush();
    return result.alerts().isEmpty() && !result.errors().isEmpty() ? 1 : 0;
  }
}
