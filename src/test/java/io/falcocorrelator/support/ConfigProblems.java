package io.falcocorrelator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.RulesException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** For tests of config loaders: what a load that must fail reported, one line per problem. */
public final class ConfigProblems {
  private ConfigProblems() {}

  /** The problems, as {@code file:line path: reason}, of a load that must throw. */
  public static List<String> of(ThrowingCallable load) {
    Throwable thrown = catchThrowable(load);
    assertThat(thrown)
        .as("the load fails with the problems found")
        .isInstanceOf(RulesException.class);
    return ((RulesException) thrown).problems().stream().map(Problem::toString).toList();
  }
}
