package io.falcocorrelator.event;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Falco alert as received: the keys Falco's {@code json_output} and Falcosidekick's webhook
 * carry. {@code fields} holds {@code output_fields} with their JSON types kept: {@link String},
 * {@link Long} (64-bit, for {@code evt.time} nanoseconds), {@link java.math.BigInteger}, {@link
 * Double}, {@link Boolean} or {@link List}; JSON {@code null} values are dropped at parse time, so
 * an absent key and a null value both mean "not extracted".
 *
 * @param uuid Falcosidekick's event id, or empty (Falco itself sends none)
 * @param time event time in UTC with nanoseconds
 * @param source {@code syscall}, a plugin source, or {@code internal} for Falco's own messages
 */
public record FalcoAlert(
    String uuid,
    String rule,
    Priority priority,
    Instant time,
    String source,
    String hostname,
    String output,
    List<String> tags,
    Map<String, Object> fields) {

  /** Source value of Falco's own messages (drops, metrics); they are accepted, never classified. */
  public static final String INTERNAL_SOURCE = "internal";

  public FalcoAlert {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(time, "time");
    // Normalised while the text is still in cache, so isInternal() never reads it again.
    source =
        INTERNAL_SOURCE.equals(Objects.requireNonNull(source, "source")) ? INTERNAL_SOURCE : source;
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(output, "output");
    tags = List.copyOf(tags);
    // The parser hands over a read-only FieldMap; other callers' maps are copied.
    fields =
        fields instanceof FieldMap
            ? fields
            : Collections.unmodifiableMap(new java.util.HashMap<>(fields));
  }

  /** The value of an output field, or {@code null} when absent. */
  public Object field(String name) {
    return fields.get(name);
  }

  /** The value of an output field as text, or {@code null} when absent. */
  public String fieldText(String name) {
    Object value = fields.get(name);
    return value == null ? null : FieldValues.text(value);
  }

  public boolean isInternal() {
    return source == INTERNAL_SOURCE;
  }
}
