package io.falcocorrelator.cli;

import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.ruletest.JunitReport;
import io.falcocorrelator.ruletest.RuleTest;
import io.falcocorrelator.ruletest.RuleTestFiles;
import io.falcocorrelator.ruletest.RuleTestRunner;
import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.Problems;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code test [--rules DIR] [--junit FILE] PATH...}: runs rules test files and test-fixtures/
 * scenario pairs against the rules; exit 1 when any case fails or a test file is invalid.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description =
        "Run rules tests (YAML test files, or NAME.expected.json scenario pairs; directories are searched) "
            + "against the rules; pass/fail per case with a diff; exit 1 on any failure.")
final class RulesTestCommand implements Callable<Integer> {
  @Mixin RulesOption rules;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Also write the results as JUnit XML.")
  Path junit;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Test files or directories.")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    java.util.Optional<RuleSet> loaded = rules.loadOrReport();
    if (loaded.isEmpty()) {
      return 1;
    }
    RuleSet set = loaded.get();
    PrintStream out = System.out;
    Problems problems = new Problems();
    List<RuleTest> tests = new RuleTestFiles(problems).load(paths);
    RuleTestRunner runner = new RuleTestRunner(set);
    List<RuleTestRunner.Outcome> outcomes = new ArrayList<>();
    for (RuleTest t : tests) {
      RuleTestRunner.Outcome o = runner.run(t);
      outcomes.add(o);
      out.println((o.passed() ? "PASS " : "FAIL ") + t.name() + "  (" + t.origin() + ")");
      o.diff().forEach(line -> out.println("    " + line));
    }
    List<String> invalid = problems.list().stream().map(Problem::toString).toList();
    if (!invalid.isEmpty()) {
      System.err.println("invalid test files: " + invalid.size() + " problem(s)");
      invalid.forEach(p -> System.err.println("  " + p));
    }
    long failed = outcomes.stream().filter(o -> !o.passed()).count();
    out.printf(
        Locale.ROOT,
        "%d passed, %d failed%s (rules: %s)%n",
        outcomes.size() - failed,
        failed,
        invalid.isEmpty() ? "" : ", " + invalid.size() + " test file problem(s)",
        set);
    if (junit != null) {
      JunitReport.write(junit, outcomes, invalid);
    }
    if (tests.isEmpty() && invalid.isEmpty()) {
      System.err.println("no tests found under " + paths);
      return 1;
    }
    return failed > 0 || !invalid.isEmpty() ? 1 : 0;
  }
}
