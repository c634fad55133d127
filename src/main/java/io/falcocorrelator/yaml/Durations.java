package io.falcocorrelator.yaml;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them in YAML: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h},
 * {@code 7d}.
 */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  public static Optional<Duration> parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Optional.of(Duration.ofMillis(n));
      case "s":
        return Optional.of(Duration.ofSeconds(n));
      case "m":
        return Optional.of(Duration.ofMinutes(n));
      case "h":
        return Optional.of(Duration.ofHours(n));
      default:
        return Optional.of(Duration.ofDays(n));
    }
  }

  /** A positive duration from a YAML scalar, or empty with a problem. */
  public static Optional<Duration> positive(YamlNode node, Problems problems) {
    Optional<String> text = node.string(problems);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> d = parse(text.get());
    if (d.isEmpty() || d.get().isZero()) {
      problems.add(
          node, "expected a positive duration such as 90s, 30m or 2h, found " + node.kind());
      return Optional.empty();
    }
    return d;
  }

  /** Formats a duration the way {@link #parse} reads it. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
