package io.falcocorrelator.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert's top-level values as read, before they are checked. Both parsers fill one, so an alert
 * gets the same checks, defaults and error messages whichever parser read it.
 */
final class AlertDraft {
  String uuid = "";
  String rule;
  String priority;
  String time;
  String source;
  String hostname = "";
  String output;
  String message;
  List<String> tags = List.of();
  Map<String, Object> fields;

  /**
   * The alert, or the first problem with it.
   *
   * @throws MalformedAlertException when a field is missing or has a wrong value
   */
  FalcoAlert toAlert() {
    Map<String, Object> outputFields = fields == null ? new FieldMap(4) : fields;
    if (rule == null || rule.isBlank()) {
      throw new MalformedAlertException(
          "rule", rule == null ? "required, a non-empty string" : "must not be empty");
    }
    if (priority == null) {
      throw new MalformedAlertException("priority", "required, one of " + Priority.LABELS);
    }
    Priority level = Priority.parse(priority).orElse(null);
    if (level == null) {
      throw new MalformedAlertException(
          "priority",
          "expected one of "
              + Priority.LABELS
              + ", found "
              + Text.quote(priority, AlertParser.MAX_FOUND_CHARS));
    }
    return new FalcoAlert(
        uuid,
        rule,
        level,
        eventTime(outputFields),
        source == null || source.isEmpty() ? "syscall" : source,
        hostname,
        output != null ? output : message == null ? "" : message,
        tags,
        outputFields);
  }

  private Instant eventTime(Map<String, Object> outputFields) {
    if (time != null) {
      Instant parsed;
      try {
        parsed = EventTimes.parse(time);
      } catch (IllegalArgumentException e) {
        throw new MalformedAlertException(
            "time",
            "expected an RFC 3339 timestamp, found "
                + Text.quote(time, AlertParser.MAX_FOUND_CHARS));
      }
      if (!EventNanos.inRange(parsed)) {
        // Falco's own clock is nanoseconds in 64 bits; so is the correlator's.
        throw new MalformedAlertException(
            "time",
            "expected a time between 1677-09-22 and 2262-04-11, found "
                + Text.quote(time, AlertParser.MAX_FOUND_CHARS));
      }
      return parsed;
    }
    // Without "time", Falco's own evt.time (integer nanoseconds) still dates the event.
    Object nanos = outputFields.get("evt.time");
    if (nanos instanceof Long n) {
      return EventNanos.toInstant(n);
    }
    throw new MalformedAlertException("time", "required, an RFC 3339 timestamp");
  }
}
