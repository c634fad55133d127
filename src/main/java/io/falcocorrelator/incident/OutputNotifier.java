package io.falcocorrelator.incident;

import io.falcocorrelator.output.Dispatcher;
import io.falcocorrelator.output.StatusUpdate;

/**
 * Tells the outputs of status changes: the bridge from {@link IncidentListener} to {@link
 * Dispatcher#submitStatus} (which never blocks). New incidents reach the outputs as composites
 * already, so only {@link #statusChanged} is forwarded.
 */
public final class OutputNotifier implements IncidentListener {
  private final Dispatcher dispatcher;

  public OutputNotifier(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public void statusChanged(Incident before, Incident after) {
    StatusChange last = after.history().get(after.history().size() - 1);
    dispatcher.submitStatus(
        after.composite(),
        new StatusUpdate(
            last.status().id(),
            last.resolution() == null ? null : last.resolution().id(),
            last.note(),
            last.principal(),
            last.at()));
  }
}
