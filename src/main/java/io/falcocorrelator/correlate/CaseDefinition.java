package io.falcocorrelator.correlate;

import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A composite case: when every group in {@code groups} has evidence in one execution context within
 * {@code window} (state groups such as {@code privileged_container} need evidence at any time), the
 * case fires.
 *
 * @param id stable snake_case id, used in state, metrics and routing
 * @param name the name from the specification ({@code Cgroup Release Agent Escape})
 */
public record CaseDefinition(
    String id,
    String name,
    Severity severity,
    List<ActivityGroup> groups,
    Duration window,
    String description,
    List<String> mitre,
    List<String> triage) {

  public CaseDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(severity, "severity");
    groups = List.copyOf(groups);
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("case " + id + " needs at least one group");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("case " + id + " window must be positive: " + window);
    }
    mitre = List.copyOf(mitre);
    triage = List.copyOf(triage);
  }
}
