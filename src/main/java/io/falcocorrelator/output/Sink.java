package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import java.time.Instant;
import java.util.Optional;

/**
 * One configured destination. A sink builds its payload and sends it once; routing, retries,
 * backoff, the spool and metrics are the dispatcher's, never repeated here.
 */
public interface Sink extends AutoCloseable {
  Delivery send(CompositeAlert alert);

  /**
   * True when this sink follows incidents: the dispatcher then calls {@link #sendStatus} when the
   * composite's incident is acknowledged, resolved or reopened.
   */
  default boolean followsIncidents() {
    return false;
  }

  /**
   * Sends an incident's status change (the incident is the composite {@code alert}). Only called
   * when {@link #followsIncidents}; spooled, retried and dead-lettered like a composite.
   */
  default Delivery sendStatus(CompositeAlert alert, StatusUpdate update) {
    return Delivery.DELIVERED;
  }

  /**
   * An incident still open when the service starts (restored from the incidents store), first sent
   * at {@code since}: for a sink that keeps open incidents in memory (Alertmanager's re-posts), so
   * a restart does not let them lapse. Sends nothing itself.
   */
  default void resume(CompositeAlert alert, Instant since) {}

  /** A composite ({@code update} empty) or a status change of its incident. */
  default Delivery deliver(CompositeAlert alert, Optional<StatusUpdate> update) {
    return update.isEmpty() ? send(alert) : sendStatus(alert, update.get());
  }

  @Override
  default void close() {}
}
