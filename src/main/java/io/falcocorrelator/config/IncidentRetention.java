package io.falcocorrelator.config;

import java.time.Duration;

/**
 * How long incidents are kept ({@code incidents.retention}): removed once older than {@code
 * maxAge}, and the oldest removed while more than {@code maxCount} are stored; checked every {@code
 * interval} in the background.
 */
public record IncidentRetention(Duration maxAge, int maxCount, Duration interval) {
  public IncidentRetention {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("incidents.retention.max_age must be positive: " + maxAge);
    }
    if (maxCount < 1) {
      throw new IllegalArgumentException(
          "incidents.retention.max_count must be at least 1: " + maxCount);
    }
  }

  public static IncidentRetention defaults() {
    return new IncidentRetention(Duration.ofDays(30), 100_000, Duration.ofMinutes(1));
  }
}
