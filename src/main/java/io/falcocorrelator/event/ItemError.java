package io.falcocorrelator.event;

import java.util.Locale;

/**
 * Why one item of a body or file was rejected.
 *
 * @param locator how {@code position} counts: NDJSON lines or JSON array elements
 * @param position the 1-based line or 0-based array index
 * @param kind whether the item is not valid JSON, or JSON with a bad field
 * @param field JSON path of the offending field, empty when the item as a whole is bad
 * @param reason what was expected and what was found, for people
 */
public record ItemError(Locator locator, long position, Kind kind, String field, String reason) {
  /**
   * How an item's position is counted; {@link #key()} is the JSON key the receiver answers with.
   */
  public enum Locator {
    /** 1-based line of NDJSON, a single object or a pretty-printed document. */
    LINE,
    /** 0-based element of a JSON array. */
    INDEX;

    private final String key = name().toLowerCase(Locale.ROOT);

    public String key() {
      return key;
    }

    @Override
    public String toString() {
      return key;
    }
  }

  /** What is wrong with the item. */
  public enum Kind {
    /** Not valid JSON (or nested too deep, or too long): nothing of it could be read. */
    SYNTAX,
    /** Valid JSON, but a field is missing or has a wrong type or value. */
    FIELD
  }

  /**
   * An error from a {@link MalformedAlertException}: a field error, or a syntax error when it says
   * so.
   */
  static ItemError of(Locator locator, long position, MalformedAlertException e) {
    return new ItemError(locator, position, e.kind(), e.field(), e.reason());
  }

  @Override
  public String toString() {
    return locator + " " + position + (field.isEmpty() ? "" : " " + field) + ": " + reason;
  }
}
