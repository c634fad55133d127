package io.falcocorrelator.output;

import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle status of the incident a composite belongs to, as the incidents API names it. Sinks
 * that can say so to their receiver (PagerDuty acknowledge and resolve, Alertmanager {@code
 * endsAt}) act on changes; formats carry it where their schema has a status.
 */
public enum IncidentStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED;

  /** {@code open}, {@code acknowledged}, {@code resolved}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<IncidentStatus> parse(String text) {
    for (IncidentStatus s : values()) {
      if (s.label().equalsIgnoreCase(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
