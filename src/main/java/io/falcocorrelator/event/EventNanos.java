package io.falcocorrelator.event;

import java.time.Instant;

/**
 * Times inside the correlator's state are nanoseconds since the epoch in a {@code long}, as Falco
 * itself keeps them ({@code evt.time}): comparing two is one instruction and reading one is not
 * another object to fetch from memory. The parser rejects event times outside this range
 * (1677-09-22 to 2262-04-11: Falco cannot produce them); conversion saturates so nothing here can
 * throw.
 */
public final class EventNanos {
  private EventNanos() {}

  public static long of(Instant t) {
    if (!inRange(t)) {
      return t.getEpochSecond() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  public static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** True when {@code t} can be held without saturating. */
  public static boolean inRange(Instant t) {
    long seconds = t.getEpochSecond();
    return seconds < Long.MAX_VALUE / 1_000_000_000L && seconds > Long.MIN_VALUE / 1_000_000_000L;
  }

  /** {@code a - b}, saturating instead of overflowing. */
  public static long minus(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** {@code a + b}, saturating instead of overflowing. */
  public static long plus(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** A duration in nanoseconds, saturating for the absurdly long. */
  public static long of(java.time.Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
