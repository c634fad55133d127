package io.falcocorrelator.output;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter (half fixed, half random), honouring the receiver's {@code
 * Retry-After}, within an attempt budget and a time budget; past either, the delivery is
 * dead-lettered.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget) {
  public static RetryPolicy defaults() {
    return new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMinutes(30));
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max_attempts must be at least 1: " + maxAttempts);
    }
  }

  /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
  public Duration delay(int attempt, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      return retryAfter.get().compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter.get();
    }
    long cap =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 30));
    return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
  }
}
