package io.falcocorrelator.output;

import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An incident's status change, delivered to the sinks that follow status ({@link Sink#followsStatus()})
 * with the same guarantees as a detection: spooled, retried, dead-lettered.
 */
public record StatusChange(IncidentStatus status, Instant at) {
  /** Written beside the composite in spool and dead-letter lines. */
  void write(ObjectNode o) {
    o.put("status", status.label());
    o.put("status_at", at.toString());
  }

  /** The change a spool or dead-letter line carries; empty for a detection. */
  public static Optional<StatusChange> read(JsonNode o) {
    return IncidentStatus.parse(o.path("status").asString(""))
        .map(s -> new StatusChange(s, Instant.parse(o.path("status_at").asString())));
  }

  /**
   * The spool key of a delivery: the composite id for a detection; for a status change, a key of
   * its own, unique per change, so a later change of the same incident is never taken for a duplicate.
   */
  static String key(String id, Optional<StatusChange> change) {
    return change.map(c -> id + "~" + c.status.label() + "~" + c.at.toEpochMilli()).orElse(id);
  }
}
