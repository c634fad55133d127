package io.falcocorrelator.correlate;

import java.util.Optional;

/** Severity of a composite case, most severe first. */
public enum Severity {
  CRITICAL("Critical"),
  HIGH("High"),
  MEDIUM("Medium");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The label used in JSON and YAML: {@code Critical}, {@code High}, {@code Medium}. */
  public String label() {
    return label;
  }

  public boolean higherThan(Severity other) {
    return ordinal() < other.ordinal();
  }

  public static Optional<Severity> parse(String text) {
    for (Severity s : values()) {
      if (s.label.equalsIgnoreCase(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
