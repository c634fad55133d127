package io.falcocorrelator.incident;

/** A status change that cannot be made: {@code status} is the HTTP answer (400 or 404). */
public final class IncidentException extends RuntimeException {
  private final int status;

  public IncidentException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
