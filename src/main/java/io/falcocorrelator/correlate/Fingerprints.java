package io.falcocorrelator.correlate;

import io.falcocorrelator.event.FalcoAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Content hashes: alert fingerprints for de-duplication and stable composite ids. */
final class Fingerprints {
  /** xxHash64's primes, and two seeds. */
  private static final long SEED_A = 0x27d4eb2f165667c5L;

  private static final long SEED_B = 0x9e3779b97f4a7c15L;
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;

  private Fingerprints() {}

  /**
   * Identifies an alert by content, not by Falcosidekick's uuid, which differs for each forwarding
   * of the same event: rule, event time (nanoseconds), host, and the output text's length and ends.
   * Hashing the whole output would cost as much as the rest of the core; two distinct events with
   * the same rule, host and nanosecond and outputs alike at both ends do not occur in practice.
   * Characters are mixed four at a time in two independent lanes (xxHash's round and finalizer), so
   * the multiplications overlap instead of forming one chain of a multiplication per character.
   */
  static long of(FalcoAlert alert) {
    long a = mix(SEED_A, alert.rule());
    long b = SEED_B ^ alert.time().getEpochSecond() * P2;
    b = round(b, alert.time().getNano());
    b = mix(b, alert.hostname());
    String output = alert.output();
    int n = output.length();
    a = round(a, n);
    if (n <= 256) {
      a = mix(a, output, 0, n);
    } else {
      a = mix(mix(a, output, 0, 128), output, n - 128, n);
    }
    return avalanche(a ^ Long.rotateLeft(b, 17));
  }

  /** A name-based UUID: the same context, case and first evidence always give the same id. */
  static String compositeId(
      ContextKey key, String caseId, Instant firstSeen, long firstFingerprint) {
    String name =
        key + "\n" + caseId + "\n" + firstSeen + "\n" + Long.toHexString(firstFingerprint);
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static long mix(long h, String s) {
    return mix(h, s, 0, s.length());
  }

  /** Mixes chars [from, to): two lanes of four characters per round, then the remainder. */
  private static long mix(long h, String s, int from, int to) {
    long lane1 = h;
    long lane2 = h ^ P1;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      lane1 = round(lane1, word(s, i));
      lane2 = round(lane2, word(s, i + 4));
    }
    for (; i < to; i++) {
      lane1 = round(lane1, s.charAt(i));
    }
    return round(lane1 ^ Long.rotateLeft(lane2, 31), to - from);
  }

  private static long word(String s, int i) {
    return s.charAt(i)
        | (long) s.charAt(i + 1) << 16
        | (long) s.charAt(i + 2) << 32
        | (long) s.charAt(i + 3) << 48;
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  /** xxHash64's finalizer: every input bit affects every output bit. */
  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= 0x165667B19E3779F9L;
    return h ^ h >>> 32;
  }
}
