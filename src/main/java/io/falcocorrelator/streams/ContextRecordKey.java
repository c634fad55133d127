package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.ContextKey;

/**
 * The record key of a context on Kafka topics and in the state store: host, container id and scope
 * joined with a separator that cannot occur in them (NUL), so keys never collide.
 */
final class ContextRecordKey {
  private static final char SEP = '\u0000';

  private ContextRecordKey() {}

  static String of(ContextKey key) {
    return key.hostname() + SEP + key.containerId() + SEP + key.scope();
  }

  /** The key {@link #of} made. */
  static ContextKey parse(String recordKey) {
    int a = recordKey.indexOf(SEP);
    int b = a < 0 ? -1 : recordKey.indexOf(SEP, a + 1);
    if (b < 0) {
      throw new IllegalArgumentException("not a context record key: " + display(recordKey));
    }
    return new ContextKey(
        recordKey.substring(0, a), recordKey.substring(a + 1, b), recordKey.substring(b + 1));
  }

  /** A readable form for logs and the composite topic's consumers. */
  static String display(String recordKey) {
    return recordKey.replace(SEP, '/');
  }
}
