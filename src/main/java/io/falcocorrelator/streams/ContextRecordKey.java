package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.ContextKey;

/**
 * The record key of a context on Kafka topics and in the state store: host, container id and
 * scope joined with a separator that cannot occur in them (NUL), so keys never collide.
 */
final class ContextRecordKey {
  private static final char SEP = '\u0000';

  private ContextRecordKey() {}

  static String of(ContextKey key) {
    return key.hostname() + SEP + key.containerId() + SEP + key.scope();
  }

  /** A readable form for logs and the composite topic's consumers. */
  static String display(String recordKey) {
    return recordKey.replace(SEP, '/');
  }
}
