package io.falcocorrelator.incident;

/**
 * Told of every incident change, after it is stored. This is the hook for outputs that follow an
 * incident's life: the dispatcher sends the webhook's {@code incident.status} event from {@link
 * #statusChanged}, and a PagerDuty or Alertmanager sink resolves its alert when {@code
 * after.status()} is {@link IncidentStatus#RESOLVED} (and re-triggers on a reopen).
 *
 * <p>Called synchronously on the thread that made the change: {@link #created} and {@link #folded}
 * on the correlator thread, {@link #statusChanged} on an HTTP worker thread. An implementation must
 * not block or do I/O there: hand the work to a queue of its own. An exception thrown here is
 * logged and does not undo the change or reach the other listeners.
 */
public interface IncidentListener {
  /** A composite became a new open incident. */
  default void created(Incident incident) {}

  /** A less severe case was folded into an open incident. */
  default void folded(Incident before, Incident after) {}

  /**
   * An analyst changed an incident's status; {@code after.history()} ends with the change (its
   * principal, time, resolution and note).
   */
  default void statusChanged(Incident before, Incident after) {}
}
