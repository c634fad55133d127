package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.Severity;
import java.util.List;
import java.util.Map;

/**
 * One page of a query: the incidents, newest first; the cursor of the next page (null on the last);
 * and, over every incident matching the filter (not only this page), the total and the counts per
 * severity and per status.
 */
public record IncidentPage(
    List<Incident> incidents,
    String next,
    int total,
    Map<Severity, Integer> bySeverity,
    Map<IncidentStatus, Integer> byStatus) {
  public IncidentPage {
    incidents = List.copyOf(incidents);
    bySeverity = Map.copyOf(bySeverity);
    byStatus = Map.copyOf(byStatus);
  }
}
