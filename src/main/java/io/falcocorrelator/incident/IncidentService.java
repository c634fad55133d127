package io.falcocorrelator.incident;

import io.falcocorrelator.config.IncidentRetention;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.FiredCase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident lifecycle over an {@link IncidentStore}: every composite becomes an open incident,
 * folded cases are attached to the incident they were folded into, analysts move incidents through
 * {@link IncidentStatus} with their principal recorded, and retention removes the oldest. Each
 * change gets the next change number (the SSE event id) and is told to the {@link
 * IncidentListener}s. Changes are serialized here; times come from the injected clock.
 */
public final class IncidentService {
  private static final Logger log = LoggerFactory.getLogger(IncidentService.class);
  static final int MAX_NOTE_CHARS = 4000;
  private final IncidentStore store;
  private final Clock clock;
  private final IncidentRetention retention;
  private final List<IncidentListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong removed = new AtomicLong();
  private long lastVersion;

  public IncidentService(IncidentStore store, Clock clock, IncidentRetention retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.lastVersion = store.lastVersion();
  }

  public void addListener(IncidentListener listener) {
    listeners.add(listener);
  }

  public IncidentStore store() {
    return store;
  }

  public IncidentRetention retention() {
    return retention;
  }

  /**
   * Records a composite as a new open incident. A composite already stored (the same id again, from
   * a journal replay or a redelivered Kafka record) is left as it is.
   */
  public synchronized void record(CompositeAlert composite) {
    if (store.get(composite.id()).isPresent()) {
      return;
    }
    Incident incident = Incident.opened(lastVersion + 1, composite, clock.instant());
    try {
      store.put(incident);
    } catch (IncidentException e) {
      log.error("incident for composite {} not stored: {}", composite.id(), e.getMessage());
      return;
    }
    lastVersion++;
    for (IncidentListener l : listeners) {
      try {
        l.created(incident);
      } catch (RuntimeException e) {
        log.error("incident listener failed on created {}: {}", incident.id(), e.toString(), e);
      }
    }
  }

  /**
   * Attaches a folded case to the incident it was folded into (ignored when that incident is gone).
   */
  public synchronized void fold(FiredCase fired, String caseName) {
    Optional<Incident> target = store.get(fired.compositeId());
    if (target.isEmpty()) {
      return;
    }
    Incident before = target.get();
    Incident after =
        before.with(
            new Fold(fired.caseId(), caseName, fired.severity(), fired.at()),
            lastVersion + 1,
            clock.instant());
    try {
      store.put(after);
    } catch (IncidentException e) {
      log.error(
          "fold of {} into incident {} not stored: {}",
          fired.caseId(),
          before.id(),
          e.getMessage());
      return;
    }
    lastVersion++;
    for (IncidentListener l : listeners) {
      try {
        l.folded(before, after);
      } catch (RuntimeException e) {
        log.error("incident listener failed on fold into {}: {}", after.id(), e.toString(), e);
      }
    }
  }

  /**
   * Moves an incident to {@code status}. A resolution is only given with {@code resolved}.
   *
   * @throws IncidentException 404 for an unknown id, 400 for a transition that is not allowed, 503
   *     when the durable store cannot be written
   */
  public Incident changeStatus(
      String id, IncidentStatus status, Resolution resolution, String note, String principal) {
    if (resolution != null && status != IncidentStatus.RESOLVED) {
      throw new IncidentException(400, "a resolution is only given with status \"resolved\"");
    }
    if (note != null && note.length() > MAX_NOTE_CHARS) {
      throw new IncidentException(400, "note: at most " + MAX_NOTE_CHARS + " characters");
    }
    Incident before;
    Incident after;
    synchronized (this) {
      before =
          store.get(id).orElseThrow(() -> new IncidentException(404, "no incident with id " + id));
      if (!before.status().canBecome(status)) {
        throw new IncidentException(
            400,
            "cannot change status from "
                + before.status().id()
                + " to "
                + status.id()
                + " (allowed: open->acknowledged, open->resolved, acknowledged->resolved, resolved->open)");
      }
      Instant now = clock.instant();
      after =
          before.with(new StatusChange(status, resolution, note, principal, now), lastVersion + 1);
      store.put(after);
      lastVersion++;
    }
    log.info("incident {} {} -> {} by {}", id, before.status().id(), status.id(), principal);
    for (IncidentListener l : listeners) {
      try {
        l.statusChanged(before, after);
      } catch (RuntimeException e) {
        log.error("incident listener failed on status change of {}: {}", id, e.toString(), e);
      }
    }
    return after;
  }

  /** Applies retention now; returns how many incidents it removed. */
  public int enforceRetention() {
    int n = store.retain(clock.instant().minus(retention.maxAge()), retention.maxCount());
    removed.addAndGet(n);
    if (n > 0) {
      log.info("incident retention removed {} incidents ({} kept)", n, store.size());
    }
    return n;
  }

  /** Incidents removed by retention since start. */
  public long removedByRetention() {
    return removed.get();
  }
}
