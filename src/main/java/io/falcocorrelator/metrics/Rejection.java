package io.falcocorrelator.metrics;

import java.util.Locale;

/**
 * Why alerts or requests were refused: the {@code reason} label of {@code
 * falco_correlator_alerts_rejected_total} (docs/operations.md lists them).
 */
public enum Rejection {
  /** An item that is not valid JSON. */
  INVALID_JSON,
  /** An item that is JSON but has a missing or wrong field. */
  INVALID_FIELD,
  EMPTY_BODY,
  TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE,
  UNSUPPORTED_ENCODING,
  INVALID_GZIP,
  READ_ERROR,
  /** The correlator's queue had no room for the batch. */
  QUEUE_FULL,
  /** The state store could not be written (a full disk): the batch could not be made durable. */
  NOT_DURABLE,
  /** The Kafka front's broker did not acknowledge the batch. */
  NOT_ACKNOWLEDGED,
  /** {@code limits.max_concurrent_requests} were running and as many waiting. */
  TOO_MANY_REQUESTS,
  SHUTTING_DOWN;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The metric label: the name in lower case ({@code queue_full}). */
  public String label() {
    return label;
  }
}
