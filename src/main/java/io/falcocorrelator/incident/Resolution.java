package io.falcocorrelator.incident;

import java.util.Locale;
import java.util.Optional;

/** What the analyst concluded when resolving an incident. */
public enum Resolution {
  TRUE_POSITIVE,
  FALSE_POSITIVE,
  BENIGN;

  /** The JSON form: {@code true_positive}, {@code false_positive}, {@code benign}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Resolution> parse(String text) {
    for (Resolution r : values()) {
      if (r.id().equals(text)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
