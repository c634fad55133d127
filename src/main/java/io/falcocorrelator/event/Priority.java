package io.falcocorrelator.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

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

  private static final Priority[] VALUES = values();

  /** Every label, most severe first, for messages: {@code Emergency, Alert, ..., Debug}. */
  static final String LABELS =
      Arrays.stream(VALUES).map(p -> p.label).collect(Collectors.joining(", "));

  private final String label;
  private final Optional<Priority> parsed;

  Priority(String label) {
    this.label = label;
    this.parsed = Optional.of(this);
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
    // Every alert has one: Falco's own spelling is matched without lower-casing a copy.
    for (Priority p : VALUES) {
      if (p.label.equals(text)) {
        return p.parsed;
      }
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (Priority p : VALUES) {
      if (p.label.toLowerCase(Locale.ROOT).equals(lower)) {
        return p.parsed;
      }
    }
    return lower.equals("info") ? INFORMATIONAL.parsed : Optional.empty();
  }
}
