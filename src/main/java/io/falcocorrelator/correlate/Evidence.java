package io.falcocorrelator.correlate;

import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.Map;

/**
 * One alert's contribution to one group, kept small: the rule, time, priority, a truncated
 * output and a few chosen fields, never the whole alert.
 *
 * @param fingerprint content hash of the alert, used to drop duplicate deliveries
 */
public record Evidence(
    ActivityGroup group,
    String mappingId,
    String rule,
    Instant time,
    String priority,
    String output,
    Map<String, String> fields,
    long fingerprint) {

  public Evidence {
    fields = Map.copyOf(fields); // a no-op for the immutable maps the correlator builds
  }
}
