package io.falcocorrelator.rules;

import io.falcocorrelator.yaml.Problem;
import java.time.Instant;
import java.util.List;

/** The outcome of the last rules reload: in force ({@code ok}) or refused, with every problem. */
public record ReloadStatus(boolean ok, Instant at, String trigger, List<Problem> problems) {
  public ReloadStatus {
    problems = List.copyOf(problems);
  }
}
