package io.falcocorrelator.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a bound, polling briefly: for effects of other threads. */
public final class Await {
  private static final Duration POLL = Duration.ofMillis(20);

  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, POLL, condition, () -> true, () -> "");
  }

  /**
   * As {@link #until(String, Duration, BooleanSupplier)}, checking every {@code poll}, and failing
   * at once when {@code stillPossible} turns false (the process that would bring it about ended); a
   * failure carries {@code detail} (that process's transcript).
   */
  public static void until(
      String what,
      Duration timeout,
      Duration poll,
      BooleanSupplier condition,
      BooleanSupplier stillPossible,
      Supplier<String> detail) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!stillPossible.getAsBoolean()) {
        throw new AssertionError("gave up waiting for " + what + ": " + detail.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + ": " + detail.get());
      }
      LockSupport.parkNanos(poll.toNanos());
    }
  }
}
