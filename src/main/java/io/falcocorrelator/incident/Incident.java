package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.CompositeAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A composite detection kept as an incident: the composite itself (never changed) and its triage
 * state. Immutable: a change makes a new value with a higher {@code version}.
 *
 * @param seq creation order, unique in the store: lists are newest first by it and cursors point
 *     into it
 * @param version the store-wide change number of the last change (creation, status change or fold):
 *     the {@code id:} of the event that announced it, so a client resumes from the store
 * @param resolution set while resolved, else null
 * @param history every status the incident entered, oldest first; the first is {@code open}
 * @param folds less severe cases folded into this incident after it was created (those folded at
 *     creation are the composite's {@code related_cases})
 */
public record Incident(
    long seq,
    long version,
    CompositeAlert composite,
    IncidentStatus status,
    Resolution resolution,
    Instant createdAt,
    Instant updatedAt,
    List<StatusChange> history,
    List<Fold> folds) {

  public Incident {
    Objects.requireNonNull(composite);
    Objects.requireNonNull(status);
    history = List.copyOf(history);
    folds = List.copyOf(folds);
  }

  /** A new open incident for a composite, created by {@code system} at {@code at}. */
  public static Incident opened(long seq, CompositeAlert composite, Instant at) {
    return new Incident(
        seq,
        seq,
        composite,
        IncidentStatus.OPEN,
        null,
        at,
        at,
        List.of(new StatusChange(IncidentStatus.OPEN, null, null, StatusChange.SYSTEM, at)),
        List.of());
  }

  public String id() {
    return composite.id();
  }

  /** This incident after {@code change}, as change number {@code newVersion}. */
  public Incident with(StatusChange change, long newVersion) {
    List<StatusChange> h = new ArrayList<>(history);
    h.add(change);
    return new Incident(
        seq,
        newVersion,
        composite,
        change.status(),
        change.resolution(),
        createdAt,
        change.at(),
        h,
        folds);
  }

  /** This incident with one more folded case, as change number {@code newVersion}. */
  public Incident with(Fold fold, long newVersion, Instant at) {
    List<Fold> f = new ArrayList<>(folds);
    f.add(fold);
    return new Incident(seq, newVersion, composite, status, resolution, createdAt, at, history, f);
  }

  /** How many evidence alerts the composite carries. */
  public int evidenceCount() {
    return composite.evidence().size();
  }
}
