package io.falcocorrelator.event;

/**
 * An alert that cannot be accepted, with the field at fault, what was expected and what was
 * found. The message never contains the whole body: it may be large and attacker-controlled.
 */
public final class MalformedAlertException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String reason;

  public MalformedAlertException(String field, String reason) {
    super(field.isEmpty() ? reason : field + ": " + reason, null, false, false);
    this.field = field;
    this.reason = reason;
  }

  /** JSON path of the offending field ({@code time}, {@code output_fields}), or empty for the body. */
  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }
}
