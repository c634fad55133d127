package io.falcocorrelator.correlate;

import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the correlator holds for one execution context: an immutable, serializable value (see
 * {@code correlate.codec.StateCodec}). It refers to cases by id only, never to engine objects,
 * so it survives rule reloads and process restarts.
 *
 * @param evidence per group, sorted by event time, at most {@code maxEvidencePerGroup} each
 * @param fired cases that completed in this context, in completion order
 * @param latestEventTime the newest event time seen in this context: the context's own clock
 * @param lastSeen processing time of the last mapped alert, for idle expiry
 */
public record ContextState(
    int schemaVersion,
    ContextKey key,
    ContextInfo info,
    Map<ActivityGroup, List<Evidence>> evidence,
    List<FiredCase> fired,
    RecentFingerprints recent,
    Instant firstEventTime,
    Instant latestEventTime,
    Instant lastSeen) {

  /** Bumped on any incompatible change of the serialized form; readers migrate older versions. */
  public static final int SCHEMA_VERSION = 1;

  public ContextState {
    Objects.requireNonNull(key);
    Objects.requireNonNull(info);
    EnumMap<ActivityGroup, List<Evidence>> copy = new EnumMap<>(ActivityGroup.class);
    evidence.forEach((g, list) -> {
      if (!list.isEmpty()) {
        copy.put(g, List.copyOf(list));
      }
    });
    evidence = Collections.unmodifiableMap(copy);
    fired = List.copyOf(fired);
    Objects.requireNonNull(recent);
    Objects.requireNonNull(firstEventTime);
    Objects.requireNonNull(latestEventTime);
    Objects.requireNonNull(lastSeen);
  }

  public static ContextState empty(ContextKey key, Instant eventTime, Instant now) {
    return new ContextState(SCHEMA_VERSION, key, ContextInfo.UNKNOWN, Map.of(), List.of(),
        RecentFingerprints.EMPTY, eventTime, eventTime, now);
  }

  public List<Evidence> evidenceOf(ActivityGroup group) {
    return evidence.getOrDefault(group, List.of());
  }

  /** The fired case with this id, if any. */
  public FiredCase firedCase(String caseId) {
    for (FiredCase f : fired) {
      if (f.caseId().equals(caseId)) {
        return f;
      }
    }
    return null;
  }

  /** The most severe case emitted (not folded) in this context, or null. */
  public FiredCase openIncident() {
    FiredCase top = null;
    for (FiredCase f : fired) {
      // Ties go to the later case: it is the newest composite of the incident.
      if (!f.folded() && (top == null || !top.severity().higherThan(f.severity()))) {
        top = f;
      }
    }
    return top;
  }

  public int evidenceCount() {
    int n = 0;
    for (List<Evidence> list : evidence.values()) {
      n += list.size();
    }
    return n;
  }
}
