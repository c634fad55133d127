package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import java.util.Optional;

/**
 * One configured destination. A sink builds its payload and sends it once; routing, retries,
 * backoff, the spool and metrics are the dispatcher's, never repeated here.
 */
public interface Sink extends AutoCloseable {
  Delivery send(CompositeAlert alert);

  /**
   * Whether the receiver is told when the composite's incident is acknowledged, resolved or
   * reopened ({@link #statusChanged}); only such sinks get status changes.
   */
  default boolean followsStatus() {
    return false;
  }

  /** Tells the receiver that the incident of {@code alert} changed status. */
  default Delivery statusChanged(CompositeAlert alert, StatusChange change) {
    return Delivery.DELIVERED;
  }

  /** A detection ({@code change} empty) or a status change. */
  default Delivery deliver(CompositeAlert alert, Optional<StatusChange> change) {
    return change.isEmpty() ? send(alert) : statusChanged(alert, change.get());
  }

  @Override
  default void close() {}
}
