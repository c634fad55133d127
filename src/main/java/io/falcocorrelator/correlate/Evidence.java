package io.falcocorrelator.correlate;

import io.falcocorrelator.event.EventNanos;
import io.falcocorrelator.event.FieldValues;
import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert's contribution to one group, kept small: the rule, time, priority, a truncated output
 * and a few chosen fields, never the whole alert. Immutable. The time is held as epoch nanoseconds
 * ({@link EventNanos}): the correlator compares evidence times on every mapped alert.
 */
public final class Evidence {
  private final ActivityGroup group;
  private final String mappingId;
  private final String rule;
  private final long timeNanos;
  private final String priority;
  private final String output;
  private final Map<String, Object> fields;
  private final long fingerprint;

  /**
   * @param fingerprint content hash of the alert, used to drop duplicate deliveries
   */
  public Evidence(
      ActivityGroup group,
      String mappingId,
      String rule,
      Instant time,
      String priority,
      String output,
      Map<String, Object> fields,
      long fingerprint) {
    this(group, mappingId, rule, EventNanos.of(time), priority, output, fields, fingerprint);
  }

  Evidence(
      ActivityGroup group,
      String mappingId,
      String rule,
      long timeNanos,
      String priority,
      String output,
      Map<String, Object> fields,
      long fingerprint) {
    this.group = Objects.requireNonNull(group);
    this.mappingId = Objects.requireNonNull(mappingId);
    this.rule = Objects.requireNonNull(rule);
    this.timeNanos = timeNanos;
    this.priority = Objects.requireNonNull(priority);
    this.output = Objects.requireNonNull(output);
    // The correlator's own maps are immutable already; anything else is copied.
    this.fields = fields instanceof EvidenceFields ? fields : Map.copyOf(fields);
    this.fingerprint = fingerprint;
  }

  public ActivityGroup group() {
    return group;
  }

  public String mappingId() {
    return mappingId;
  }

  public String rule() {
    return rule;
  }

  public Instant time() {
    return EventNanos.toInstant(timeNanos);
  }

  /** The event time in epoch nanoseconds. */
  public long timeNanos() {
    return timeNanos;
  }

  public String priority() {
    return priority;
  }

  public String output() {
    return output;
  }

  /**
   * The chosen {@code output_fields} with Falco's JSON types: {@link String}, {@link Long}, {@link
   * java.math.BigInteger}, {@link Double}, {@link Boolean} or a {@link java.util.List} of those.
   * Strings are cut at {@code max_field_chars}; a list keeps the elements that fit in it.
   */
  public Map<String, Object> fields() {
    return fields;
  }

  /** A field's value as text ({@link FieldValues#text}), or null when the alert did not have it. */
  public String fieldText(String name) {
    Object v = fields.get(name);
    return v == null ? null : FieldValues.text(v);
  }

  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Evidence)) {
      return false;
    }
    Evidence e = (Evidence) o;
    return group == e.group
        && timeNanos == e.timeNanos
        && fingerprint == e.fingerprint
        && mappingId.equals(e.mappingId)
        && rule.equals(e.rule)
        && priority.equals(e.priority)
        && output.equals(e.output)
        && fields.equals(e.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, mappingId, rule, timeNanos, priority, output, fields, fingerprint);
  }

  @Override
  public String toString() {
    return "Evidence[group="
        + group
        + ", mappingId="
        + mappingId
        + ", rule="
        + rule
        + ", time="
        + time()
        + ", priority="
        + priority
        + ", fingerprint="
        + fingerprint
        + "]";
  }
}
