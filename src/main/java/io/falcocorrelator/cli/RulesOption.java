package io.falcocorrelator.cli;

import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --rules DIR} option shared by the commands that load rules. */
final class RulesOption {
  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "Directory of mapping/case YAML files (default: the rules embedded in the jar).")
  Path dir;

  RuleSet load() {
    return dir == null ? RulesLoader.embedded() : RulesLoader.fromDirectory(dir);
  }

  /** The rules, or empty after every problem was printed (the command then exits 1). */
  java.util.Optional<RuleSet> loadOrReport() {
    try {
      return java.util.Optional.of(load());
    } catch (io.falcocorrelator.yaml.RulesException e) {
      ProblemReport.print("rules", e);
      return java.util.Optional.empty();
    }
  }
}
