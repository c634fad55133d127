package io.falcocorrelator.correlate;

import io.falcocorrelator.event.EventNanos;
import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the correlator holds for one execution context: an immutable, serializable value (see {@code
 * correlate.codec.StateCodec}). It refers to cases by id only, never to engine objects, so it
 * survives rule reloads and process restarts.
 *
 * <p>Laid out for the correlator's hot path: the state of a context is usually out of the CPU cache
 * when its next alert arrives, so times are primitive fields ({@link EventNanos}) and the evidence
 * an array-backed {@link GroupEvidence}, not objects to fetch one by one.
 */
public final class ContextState {
  /** Bumped on any incompatible change of the serialized form; readers migrate older versions. */
  /** 2: evidence {@code output_fields} keep their JSON types (1 wrote them as text). */
  public static final int SCHEMA_VERSION = 2;

  private final int schemaVersion;
  private final ContextKey key;
  private final ContextInfo info;
  private final GroupEvidence evidence;
  private final List<FiredCase> fired;
  private final RecentFingerprints recent;
  private final long firstEventNanos;
  private final long latestEventNanos;
  private final long lastProcessedNanos;

  /**
   * Bit per group ordinal with evidence, and the info's completeness: what a touch reads, kept in
   * this object.
   */
  private final int groupBits;

  private final boolean infoComplete;

  /**
   * @param evidence per group, sorted by event time, at most {@code maxEvidencePerGroup} each
   * @param fired cases that completed in this context, in completion order
   * @param latestEventTime the newest event time seen in this context: the context's own clock
   * @param lastProcessedAt processing time of the last mapped alert, for idle expiry
   */
  public ContextState(
      int schemaVersion,
      ContextKey key,
      ContextInfo info,
      Map<ActivityGroup, List<Evidence>> evidence,
      List<FiredCase> fired,
      RecentFingerprints recent,
      Instant firstEventTime,
      Instant latestEventTime,
      Instant lastProcessedAt) {
    this(
        schemaVersion,
        key,
        info,
        GroupEvidence.copyOf(evidence),
        fired,
        recent,
        EventNanos.of(firstEventTime),
        EventNanos.of(latestEventTime),
        EventNanos.of(lastProcessedAt));
  }

  ContextState(
      int schemaVersion,
      ContextKey key,
      ContextInfo info,
      GroupEvidence evidence,
      List<FiredCase> fired,
      RecentFingerprints recent,
      long firstEventNanos,
      long latestEventNanos,
      long lastProcessedNanos) {
    this(
        schemaVersion,
        key,
        info,
        evidence,
        List.copyOf(fired),
        recent,
        firstEventNanos,
        latestEventNanos,
        lastProcessedNanos,
        evidence.groupBits(),
        info.complete());
  }

  /**
   * {@code fired} is immutable and {@code groupBits} and {@code infoComplete} known already
   * (another state's): neither the list, the evidence nor the info is read, as they are not in the
   * cache when a touch copies them.
   */
  private ContextState(
      int schemaVersion,
      ContextKey key,
      ContextInfo info,
      GroupEvidence evidence,
      List<FiredCase> fired,
      RecentFingerprints recent,
      long firstEventNanos,
      long latestEventNanos,
      long lastProcessedNanos,
      int groupBits,
      boolean infoComplete) {
    this.schemaVersion = schemaVersion;
    this.key = Objects.requireNonNull(key);
    this.info = Objects.requireNonNull(info);
    this.evidence = Objects.requireNonNull(evidence);
    this.fired = fired;
    this.recent = Objects.requireNonNull(recent);
    this.firstEventNanos = firstEventNanos;
    this.latestEventNanos = latestEventNanos;
    this.lastProcessedNanos = lastProcessedNanos;
    this.groupBits = groupBits;
    this.infoComplete = infoComplete;
  }

  static ContextState empty(ContextKey key, long eventNanos, long nowNanos) {
    return new ContextState(
        SCHEMA_VERSION,
        key,
        ContextInfo.UNKNOWN,
        GroupEvidence.EMPTY,
        List.of(),
        RecentFingerprints.EMPTY,
        eventNanos,
        eventNanos,
        nowNanos);
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public ContextKey key() {
    return key;
  }

  public ContextInfo info() {
    return info;
  }

  /** Evidence per group, in group order; groups without evidence are absent. */
  public GroupEvidence evidence() {
    return evidence;
  }

  public List<FiredCase> fired() {
    return fired;
  }

  public RecentFingerprints recent() {
    return recent;
  }

  public Instant firstEventTime() {
    return EventNanos.toInstant(firstEventNanos);
  }

  public Instant latestEventTime() {
    return EventNanos.toInstant(latestEventNanos);
  }

  public Instant lastProcessedAt() {
    return EventNanos.toInstant(lastProcessedNanos);
  }

  long firstEventNanos() {
    return firstEventNanos;
  }

  /** The context's own clock: its newest event time, in epoch nanoseconds. */
  public long latestEventNanos() {
    return latestEventNanos;
  }

  public long lastProcessedNanos() {
    return lastProcessedNanos;
  }

  /** A bit per group ordinal with evidence. */
  int groupBits() {
    return groupBits;
  }

  /** True when the group has evidence; reads no other object. */
  public boolean has(ActivityGroup group) {
    return (groupBits & 1 << group.ordinal()) != 0;
  }

  /** True when the container's name, image and pod are all known. */
  boolean infoComplete() {
    return infoComplete;
  }

  /** This state with its clocks advanced and a new info: nothing else is read or copied. */
  ContextState touched(
      ContextInfo newInfo, long firstNanos, long latestNanos, long lastProcessedAt) {
    boolean complete = newInfo == info ? infoComplete : newInfo.complete();
    return new ContextState(
        schemaVersion,
        key,
        newInfo,
        evidence,
        fired,
        recent,
        firstNanos,
        latestNanos,
        lastProcessedAt,
        groupBits,
        complete);
  }

  public List<Evidence> evidenceOf(ActivityGroup group) {
    return evidence.of(group);
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
    return evidence.count();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ContextState)) {
      return false;
    }
    ContextState s = (ContextState) o;
    return schemaVersion == s.schemaVersion
        && firstEventNanos == s.firstEventNanos
        && latestEventNanos == s.latestEventNanos
        && lastProcessedNanos == s.lastProcessedNanos
        && key.equals(s.key)
        && info.equals(s.info)
        && evidence.equals(s.evidence)
        && fired.equals(s.fired)
        && recent.equals(s.recent);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        key, info, evidence, fired, recent, firstEventNanos, latestEventNanos, lastProcessedNanos);
  }

  @Override
  public String toString() {
    return "ContextState["
        + key
        + ", "
        + info
        + ", groups "
        + evidence.keySet()
        + ", fired "
        + fired
        + ", latest "
        + latestEventTime()
        + ", last processed "
        + lastProcessedAt()
        + "]";
  }
}
