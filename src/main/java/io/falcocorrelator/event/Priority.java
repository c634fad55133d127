package io.falcocorrelator.event;

import java.util.Locale;
import java.util.Optional;

/**
 * Falco's rule priorities, most severe first. Parsing is lenient the way Falco and Falcosidekick
 * are: case-insensitive, and {@code info} is accepted for {@code Informational}.
 */
public enum Priority {
  EMERGENCY("Emergency"),
  ALERT("Alert"),
  CRITICAL("Critical"),
  ERROR("Error"),
  WARNING("Warning"),
  NOTICE("Notice"),
  INFORMATIONAL("Informational"),
  DEBUG("Debug");

  private final String label;

  Priority(String label) {
    this.label = label;
  }

  /** The name as Falco prints it in JSON ({@code Warning}). */
  public String label() {
    return label;
  }

  /** True when this priority is as severe as {@code minimum} or more. */
  public boolean atLeast(Priority minimum) {
    return ordinal() <= minimum.ordinal();
  }

  /** Parses a Falco priority name in any case; {@code info} means {@code Informational}. */
  public static Optional<Priority> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    switch (text.toLowerCase(Locale.ROOT)) {
      case "emergency": return Optional.of(EMERGENCY);
      case "alert": return Optional.of(ALERT);
      case "critical": return Optional.of(CRITICAL);
      case "error": return Optional.of(ERROR);
      case "warning": return Optional.of(WARNING);
      case "notice": return Optional.of(NOTICE);
      case "informational": case "info": return Optional.of(INFORMATIONAL);
      case "debug": return Optional.of(DEBUG);
      default: return Optional.empty();
    }
  }
}
