package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;

/**
 * One configured destination. A sink builds its payload and sends it once; routing, retries,
 * backoff, the spool and metrics are the dispatcher's, never repeated here.
 */
public interface Sink extends AutoCloseable {
  Delivery send(CompositeAlert alert);

  @Override
  default void close() {}
}
