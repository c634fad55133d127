package io.falcocorrelator.incident;

import java.util.Locale;
import java.util.Optional;

/** Where an incident is in triage. Transitions are checked by {@link #canBecome}. */
public enum IncidentStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED;

  /** The JSON form: {@code open}, {@code acknowledged}, {@code resolved}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * open to acknowledged or resolved, acknowledged to resolved, resolved back to open (a reopen).
   * Staying in the same status is not a transition.
   */
  public boolean canBecome(IncidentStatus next) {
    switch (this) {
      case OPEN:
        return next == ACKNOWLEDGED || next == RESOLVED;
      case ACKNOWLEDGED:
        return next == RESOLVED;
      default:
        return next == OPEN;
    }
  }

  public static Optional<IncidentStatus> parse(String text) {
    for (IncidentStatus s : values()) {
      if (s.id().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
