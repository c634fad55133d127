package io.falcocorrelator.cli;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.falcorules.FalcoRules;
import io.falcocorrelator.falcorules.MappingCheck;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.Mapping;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.yaml.Problems;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code validate [--rules DIR] [--falco-rules FILE|DIR ...] [--falco-config FILE] [--strict]}:
 * checks mapping and case files (schema and semantics), listing every problem; with Falco rules
 * files, also checks the mappings against the rules the user really runs.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Check mapping and case YAML files; exit 1 and list every error when they are invalid. "
            + "With --falco-rules, also warn for mappings that name rules, tags or fields the given Falco rules do not have.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin RulesOption rules;

  @Option(
      names = "--falco-rules",
      paramLabel = "FILE|DIR",
      description = "Falco rules file or directory of them, in Falco's load order (repeatable).")
  List<Path> falcoRules = new ArrayList<>();

  @Option(
      names = "--falco-config",
      paramLabel = "FILE",
      description = "Falco's falco.yaml: its append_output counts as providing fields.")
  Path falcoConfig;

  @Option(names = "--strict", description = "Treat warnings as errors (exit 1).")
  boolean strict;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "Accepted warnings, one per line as printed without the file:line (# comments): not errors under --strict.")
  Path baseline;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    java.util.Optional<RuleSet> loaded = rules.loadOrReport();
    if (loaded.isEmpty()) {
      return 1;
    }
    RuleSet set = loaded.get();
    out.println("OK " + set);
    // Each warning as where, what and detail; the baseline names the "what", which survives line
    // shifts.
    List<String[]> warnings = new ArrayList<>();
    warnings(set).forEach(w -> warnings.add(new String[] {"", w, ""}));
    if (!falcoRules.isEmpty()) {
      Problems problems = new Problems();
      FalcoRules falco = FalcoRules.load(falcoRules, Optional.ofNullable(falcoConfig), problems);
      if (!problems.isEmpty()) {
        System.err.println("cannot read the Falco rules: " + problems.size() + " problem(s)");
        problems.list().forEach(p -> System.err.println("  " + p));
        return 1;
      }
      long disabled = falco.rules().stream().filter(r -> !r.enabled()).count();
      out.println(
          "Falco rules: "
              + falco.rules().size()
              + " rules ("
              + disabled
              + " disabled) in "
              + falco.files().size()
              + " file(s)"
              + (falcoConfig == null
                  ? ""
                  : ", append_output from "
                      + falcoConfig
                      + " ("
                      + falco.appendOutput().size()
                      + " entries)"));
      falco.skipped().forEach(s -> out.println("  skipped " + s));
      List<Mapping> entries = new ArrayList<>(set.classifier().mappings());
      entries.addAll(set.classifier().exceptions());
      new MappingCheck(falco)
          .check(entries)
          .forEach(f -> warnings.add(new String[] {f.origin() + " ", f.key(), f.detail()}));
    } else if (falcoConfig != null) {
      System.err.println("--falco-config needs --falco-rules");
      return 2;
    }
    Set<String> accepted;
    try {
      accepted = baseline == null ? Set.of() : Baseline.read(baseline);
    } catch (java.io.IOException e) {
      System.err.println(baseline + ": cannot read: " + e.getMessage());
      return 2;
    }
    int counted = 0;
    for (String[] w : warnings) {
      if (accepted.contains(w[1])) {
        out.println("accepted (baseline): " + w[0] + w[1] + w[2]);
      } else {
        out.println((strict ? "error: " : "warning: ") + w[0] + w[1] + w[2]);
        counted++;
      }
    }
    Set<String> current = new java.util.HashSet<>();
    warnings.forEach(w -> current.add(w[1]));
    for (String stale : accepted) {
      if (!current.contains(stale)) {
        out.println("note: baseline entry no longer found, remove it: " + stale);
      }
    }
    if (counted > 0) {
      out.println(counted + (strict ? " error(s) (--strict)" : " warning(s)"));
    }
    return strict && counted > 0 ? 1 : 0;
  }

  /** The accepted warnings of a baseline file. */
  static final class Baseline {
    private Baseline() {}

    static Set<String> read(Path file) throws java.io.IOException {
      Set<String> out = new java.util.LinkedHashSet<>();
      for (String line : java.nio.file.Files.readAllLines(file)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
      return out;
    }
  }

  /** Groups a case needs that no mapping produces: the case can never fire. */
  static List<String> warnings(RuleSet set) {
    Set<ActivityGroup> produced = EnumSet.noneOf(ActivityGroup.class);
    for (Mapping m : set.classifier().mappings()) {
      produced.addAll(m.groups());
    }
    List<String> out = new ArrayList<>();
    for (CaseDefinition c : set.cases().all()) {
      for (ActivityGroup g : c.groups()) {
        if (!produced.contains(g)) {
          out.add(
              "case \""
                  + c.name()
                  + "\" needs group "
                  + g.id()
                  + ", which no mapping produces: it can never fire");
        }
      }
    }
    return out;
  }
}
