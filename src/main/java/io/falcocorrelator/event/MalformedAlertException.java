package io.falcocorrelator.event;

/**
 * An alert that cannot be accepted, with the field at fault, what was expected and what was found.
 * The message never contains the whole body: it may be large and attacker-controlled.
 */
public final class MalformedAlertException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ItemError.Kind kind;
  private final String field;
  private final String reason;

  /** A field error: {@code field} is missing or has a wrong type or value. */
  public MalformedAlertException(String field, String reason) {
    this(ItemError.Kind.FIELD, field, reason);
  }

  private MalformedAlertException(ItemError.Kind kind, String field, String reason) {
    super(field.isEmpty() ? reason : field + ": " + reason, null, false, false);
    this.kind = kind;
    this.field = field;
    this.reason = reason;
  }

  /** The input is not (one) valid JSON value. */
  public static MalformedAlertException syntax(String reason) {
    return new MalformedAlertException(ItemError.Kind.SYNTAX, "", reason);
  }

  public ItemError.Kind kind() {
    return kind;
  }

  /**
   * JSON path of the offending field ({@code time}, {@code output_fields}), or empty for the body.
   */
  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }
}
