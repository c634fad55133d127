package io.falcocorrelator.cli;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.Mapping;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.yaml.RulesException;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code validate [--rules DIR]}: checks mapping and case files, listing every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check mapping and case YAML files; exit 1 and list every error when they are invalid.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin
  RulesOption rules;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    RuleSet set;
    try {
      set = rules.load();
    } catch (RulesException e) {
      return ProblemReport.print("rules", e);
    }
    out.println("OK " + set);
    for (String warning : warnings(set)) {
      out.println("warning: " + warning);
    }
    return 0;
  }

  /** Groups a case needs that no mapping produces: the case can never fire. */
  static java.util.List<String> warnings(RuleSet set) {
    Set<ActivityGroup> produced = EnumSet.noneOf(ActivityGroup.class);
    for (Mapping m : set.classifier().mappings()) {
      produced.addAll(m.groups());
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (CaseDefinition c : set.cases().all()) {
      for (ActivityGroup g : c.groups()) {
        if (!produced.contains(g)) {
          out.add("case \"" + c.name() + "\" needs group " + g.id() + ", which no mapping produces: it can never fire");
        }
      }
    }
    return out;
  }
}
