package io.falcocorrelator.cli;

import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.RulesException;

/** How every command reports invalid rules or config: a count, then one problem per line. */
final class ProblemReport {
  private ProblemReport() {}

  /** Prints the problems to stderr and returns the exit code for invalid input (1). */
  static int print(String what, RulesException e) {
    System.err.println("invalid " + what + ": " + e.problems().size() + " problem(s)");
    for (Problem p : e.problems()) {
      System.err.println("  " + p);
    }
    return 1;
  }
}
