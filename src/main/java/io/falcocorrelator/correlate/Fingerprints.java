package io.falcocorrelator.correlate;

import io.falcocorrelator.event.FalcoAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Content hashes: alert fingerprints for de-duplication and stable composite ids. */
final class Fingerprints {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Fingerprints() {}

  /**
   * Identifies an alert by content, not by Falcosidekick's uuid, which differs for each
   * forwarding of the same event: rule, event time (nanoseconds), host, and the output text's
   * length and ends. Hashing the whole output would cost as much as the rest of the core;
   * two distinct events with the same rule, host and nanosecond and outputs alike at both ends
   * do not occur in practice.
   */
  static long of(FalcoAlert alert) {
    long h = FNV_OFFSET;
    h = mix(h, alert.rule());
    h = mix(h, alert.time().getEpochSecond());
    h = mix(h, alert.time().getNano());
    h = mix(h, alert.hostname());
    String output = alert.output();
    int n = output.length();
    h = mix(h, n);
    if (n <= 256) {
      return mix(h, output, 0, n);
    }
    return mix(mix(h, output, 0, 128), output, n - 128, n);
  }

  /** A name-based UUID: the same context, case and first evidence always give the same id. */
  static String compositeId(ContextKey key, String caseId, Instant firstSeen, long firstFingerprint) {
    String name = key + "\n" + caseId + "\n" + firstSeen + "\n" + Long.toHexString(firstFingerprint);
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static long mix(long h, String s) {
    return mix(h, s, 0, s.length());
  }

  private static long mix(long h, String s, int from, int to) {
    for (int i = from; i < to; i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return (h ^ 0xff) * FNV_PRIME;
  }

  private static long mix(long h, long v) {
    for (int i = 0; i < 8; i++) {
      h = (h ^ (v & 0xff)) * FNV_PRIME;
      v >>>= 8;
    }
    return h;
  }
}
