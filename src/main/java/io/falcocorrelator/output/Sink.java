package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;

/**
 * One configured destination. A sink builds its payload and sends it once; routing, retries,
 * backoff, the spool and metrics are the dispatcher's, never repeated here.
 */
public interface Sink extends AutoCloseable {
  Delivery send(CompositeAlert alert);

  /** True when this sink follows incidents: the dispatcher then calls {@link #sendStatus} on status changes. */
  default boolean followsIncidents() {
    return false;
  }

  /**
   * Sends an incident's status change (the incident is the composite {@code alert}). Only called
   * when {@link #followsIncidents}; the dispatcher retries it like a composite, from memory (status
   * changes are not spooled).
   */
  default Delivery sendStatus(CompositeAlert alert, StatusUpdate update) {
    return Delivery.DELIVERED;
  }

  @Override
  default void close() {}
}
