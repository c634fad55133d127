package io.falcocorrelator.incident;

/** A query or body parameter that cannot be used: answered 400 with {@code {"error", "field"}}. */
public final class BadParameter extends IllegalArgumentException {
  private final String field;

  public BadParameter(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
