package io.falcocorrelator.correlate;

import java.util.List;

/**
 * Everything the correlator decided for one alert. The engine does no I/O and no logging: the
 * runtime stores {@code state}, forwards {@code emitted}, and counts the rest.
 *
 * @param state the context's new state; null when the alert did not touch a context
 * @param folded cases that completed but were folded into a more severe open incident
 * @param expired true when the context had been idle past the timeout (in its own event time) and
 *     was started afresh
 */
public record Step(
    ContextState state,
    Outcome outcome,
    List<CompositeAlert> emitted,
    List<FiredCase> folded,
    boolean expired) {
  public Step {
    emitted = List.copyOf(emitted);
    folded = List.copyOf(folded);
  }

  /**
   * Whether the runtime must store a new state: false for an untouched context (as Flink's {@code
   * isStateChanged}).
   */
  public boolean changed() {
    return state != null;
  }

  static Step untouched(Outcome outcome) {
    return new Step(null, outcome, List.of(), List.of(), false);
  }
}
