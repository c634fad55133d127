package io.falcocorrelator.incident;

import io.falcocorrelator.output.Dispatcher;
import io.falcocorrelator.output.StatusUpdate;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Hands the incidents still open in {@code store} to the outputs that follow them, oldest first
   * ({@link Dispatcher#resume}): after a restart, Alertmanager keeps getting them re-posted instead
   * of letting them lapse.
   *
   * @return how many were open
   */
  public int resumeOpen(IncidentStore store) {
    List<Incident> open = new ArrayList<>();
    IncidentQuery page = IncidentQuery.all().withLimit(IncidentQuery.MAX_LIMIT);
    while (page != null) {
      IncidentPage found = store.query(page);
      found.incidents().stream().filter(i -> i.status() == IncidentStatus.OPEN).forEach(open::add);
      page = found.next() == null ? null : page.withCursor(found.next());
    }
    for (int i = open.size() - 1; i >= 0; i--) {
      dispatcher.resume(open.get(i).composite(), open.get(i).createdAt());
    }
    return open.size();
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
