package io.falcocorrelator.mapping;

import io.falcocorrelator.event.FieldValues;

/**
 * One leaf test of a mapping's {@code match} block on one alert, as {@code explain} reports it.
 *
 * @param kind what the test looked at
 * @param subject the rule name, source, tags, priority or the field's name
 * @param condition the condition as the YAML says it ({@code glob [/proc/*}{@code /cgroup]})
 * @param actual the alert's value, or {@code null} when the field is absent
 * @param passed whether the test held
 * @param reason for a failed test, why, in a user's words; empty when it passed
 */
public record Check(
    Kind kind, String subject, String condition, String actual, boolean passed, String reason) {
  static final int MAX_ACTUAL_CHARS = 200;

  /**
   * What a check tests. Rule, source and tags say whether the mapping is about this alert at all.
   */
  public enum Kind {
    RULE,
    SOURCE,
    TAGS,
    PRIORITY,
    FIELD,
    NOT;

    /** Rule, source and tags checks pick the alerts a mapping is about; the rest refine. */
    public boolean selects() {
      return this == RULE || this == SOURCE || this == TAGS;
    }
  }

  static Check of(Kind kind, String subject, String condition, Object value, boolean passed) {
    String actual = value == null ? null : shorten(FieldValues.text(value));
    return new Check(
        kind,
        subject,
        condition,
        actual,
        passed,
        passed ? "" : reason(kind, subject, condition, value, actual));
  }

  private static String reason(
      Kind kind, String subject, String condition, Object value, String actual) {
    if (value == null) {
      return kind == Kind.FIELD
          ? "field absent: add `"
              + subject
              + "` to Falco's `append_output` (extra_fields) or to the rule's output"
          : subject + " absent";
    }
    if (value instanceof Boolean) {
      return "`" + subject + "` is " + value;
    }
    switch (kind) {
      case RULE:
        return "rule is \"" + actual + "\", not " + condition;
      case TAGS:
        return "tags are " + actual + ": " + condition + " not satisfied";
      case PRIORITY:
        return "priority " + actual + " is below " + condition;
      default:
        return "`" + subject + "` is \"" + actual + "\": does not satisfy " + condition;
    }
  }

  static String shorten(String text) {
    return text.length() <= MAX_ACTUAL_CHARS ? text : text.substring(0, MAX_ACTUAL_CHARS) + "...";
  }

  @Override
  public String toString() {
    return subject + " " + condition + (passed ? ": ok" : ": " + reason);
  }
}
