package io.falcocorrelator.output;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A receiver's {@code Retry-After}: a number of seconds, or an HTTP date. A date becomes a wait
 * only against the dispatcher's clock ({@link #from}), so parsing reads no clock and a test can set
 * the time.
 */
public sealed interface RetryAfter {
  /** How long to wait from {@code now}; never negative. */
  Duration from(Instant now);

  /** {@code Retry-After: 120}. */
  record Delay(Duration delay) implements RetryAfter {
    @Override
    public Duration from(Instant now) {
      return delay;
    }
  }

  /** {@code Retry-After: Wed, 21 Oct 2026 07:28:00 GMT}. */
  record At(Instant at) implements RetryAfter {
    @Override
    public Duration from(Instant now) {
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    }
  }

  /** The header's value read as seconds or an RFC 1123 date; empty for anything else. */
  static Optional<RetryAfter> parse(String value) {
    String v = value.trim();
    try {
      return Optional.of(new Delay(Duration.ofSeconds(Math.max(0, Long.parseLong(v)))));
    } catch (NumberFormatException e) {
      try {
        return Optional.of(
            new At(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
      } catch (RuntimeException ignored) {
        return Optional.empty();
      }
    }
  }
}
