package io.falcocorrelator.ingest;

import io.falcocorrelator.yaml.Problem;
import java.util.List;

/** {@code POST /api/v1/reload}'s port: reloads the rules and says how it went. */
@FunctionalInterface
public interface Reloader {
  Report reload(String trigger);

  /**
   * What a reload did: whether the new rules are in force, a summary of those in force, and every
   * problem.
   */
  interface Report {
    boolean ok();

    String summary();

    List<Problem> problems();
  }
}
