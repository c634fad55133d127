package io.falcocorrelator.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * Parses the alert {@code time}: RFC 3339 with 0 to 9 fractional digits and any offset, normalised
 * to UTC with nanoseconds kept. Falco always writes {@code 2026-02-17T03:14:16.502050878Z};
 * Falcosidekick trims trailing zeros. The common {@code Z} form takes a fast path without
 * allocation-heavy formatters.
 */
public final class EventTimes {
  private static final DateTimeFormatter OFFSET_FORMAT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter COMPACT_OFFSET_FORMAT =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendOffset("+HHMM", "Z")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  private EventTimes() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not an RFC 3339 date-time
   */
  public static Instant parse(String text) {
    Instant fast = parseUtcFast(text);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text, OFFSET_FORMAT).toInstant();
    } catch (DateTimeParseException e) {
      try {
        // Falco's time_format_iso_8601 prefix writes offsets as +0000.
        return OffsetDateTime.parse(text, COMPACT_OFFSET_FORMAT).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("not an RFC 3339 date-time");
      }
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for anything else (the slow path decides). */
  private static Instant parseUtcFast(String s) {
    int n = s.length();
    if (n < 20
        || n > 30
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int nanos = 0;
    int end = n - 1;
    if (end > 19) {
      int fractionDigits = end - 20;
      if (s.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int fraction = digits(s, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction * POW10[9 - fractionDigits];
    }
    if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nanos);
  }

  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }
}
