package io.falcocorrelator.output;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An incident's status change, for outputs that follow incidents ({@link Sink#followsIncidents}):
 * the webhook posts it as an {@code incident.status} event (or, with {@code format: ocsf | ecs}, as
 * that format's status update), PagerDuty acknowledges, resolves or re-triggers, Alertmanager stops
 * re-posting or ends the alert. Delivered with the guarantees of a composite: spooled, retried,
 * dead-lettered.
 *
 * @param status {@code open}, {@code acknowledged} or {@code resolved}
 * @param resolution with {@code resolved}: {@code true_positive}, {@code false_positive} or {@code
 *     benign}; else null
 * @param principal who changed it (see the incidents API)
 */
public record StatusUpdate(
    String status, String resolution, String note, String principal, Instant at) {
  public StatusUpdate {
    if (IncidentStatus.parse(Objects.requireNonNull(status, "status")).isEmpty()) {
      throw new IllegalArgumentException("unknown incident status \"" + status + "\"");
    }
    Objects.requireNonNull(at, "at");
  }

  /** A change made by {@code principal} with no resolution or note. */
  public static StatusUpdate of(IncidentStatus status, String principal, Instant at) {
    return new StatusUpdate(status.label(), null, null, principal, at);
  }

  public IncidentStatus incidentStatus() {
    return IncidentStatus.parse(status).orElseThrow();
  }

  /** Written beside the composite in spool and dead-letter lines. */
  void write(ObjectNode o) {
    ObjectNode s = o.putObject("status_update");
    s.put("status", status);
    s.put("resolution", resolution);
    s.put("note", note);
    s.put("principal", principal);
    s.put("at", at.toString());
  }

  /** The update a spool or dead-letter line carries; empty for a composite. */
  public static Optional<StatusUpdate> read(JsonNode line) {
    JsonNode s = line.path("status_update");
    if (!s.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new StatusUpdate(
            s.path("status").asString(),
            text(s.path("resolution")),
            text(s.path("note")),
            text(s.path("principal")),
            Instant.parse(s.path("at").asString())));
  }

  private static String text(JsonNode n) {
    return n.isString() ? n.asString() : null;
  }

  /**
   * The spool key of a delivery: the composite id for a composite; for a status change, a key of
   * its own, unique per change, so a later change of the same incident is never taken for a
   * duplicate.
   */
  static String key(String id, Optional<StatusUpdate> update) {
    return update.map(u -> id + "~" + u.status + "~" + u.at.toEpochMilli()).orElse(id);
  }
}
