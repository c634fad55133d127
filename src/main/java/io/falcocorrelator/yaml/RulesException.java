package io.falcocorrelator.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** Rule or config files that cannot be used, with every problem found in them. */
public final class RulesException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public RulesException(List<Problem> problems) {
    super(
        problems.size()
            + " problem(s):\n  "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
