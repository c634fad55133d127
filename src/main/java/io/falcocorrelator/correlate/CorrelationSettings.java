package io.falcocorrelator.correlate;

import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The correlator's knobs and bounds, validated once.
 *
 * @param stateGroups groups that describe the container rather than an event: once seen they hold
 *     for the context's life, outside any window ({@code privileged_container})
 * @param maxEvidencePerGroup evidence kept per group and context; the oldest goes first
 * @param maxContexts contexts tracked at once; beyond it the least recently used is evicted
 * @param idleTimeout a context with no mapped alert for this long (processing time, or event time
 *     within the context) expires, and its cases may fire again
 * @param dedupMemory alert fingerprints remembered per context to drop duplicate deliveries
 * @param evidenceFields output fields copied into evidence
 * @param maxFieldChars longest evidence value kept (longer ones are cut, marked with an ellipsis)
 */
public record CorrelationSettings(
    Set<ActivityGroup> stateGroups,
    int maxEvidencePerGroup,
    int maxContexts,
    Duration idleTimeout,
    int dedupMemory,
    List<String> evidenceFields,
    int maxFieldChars) {

  public static final List<String> DEFAULT_EVIDENCE_FIELDS =
      List.of(
          "proc.cmdline",
          "proc.name",
          "proc.exepath",
          "proc.pname",
          "proc.pid",
          "proc.sid",
          "fd.name",
          "user.name",
          "user.uid",
          "evt.type",
          "evt.res",
          "proc.args",
          "thread.cap_effective",
          "evt.arg.request",
          "evt.arg.pid",
          "proc.is_exe_upper_layer",
          "container.privileged");

  public CorrelationSettings {
    stateGroups = stateGroups.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(stateGroups));
    require(
        maxEvidencePerGroup >= 1 && maxEvidencePerGroup <= 1000,
        "max_evidence_per_group must be 1..1000: %s",
        maxEvidencePerGroup);
    require(maxContexts >= 1, "max_contexts must be at least 1: %s", maxContexts);
    require(
        !idleTimeout.isNegative() && !idleTimeout.isZero(),
        "idle_timeout must be positive: %s",
        idleTimeout);
    require(
        dedupMemory >= 0 && dedupMemory <= 100_000,
        "dedup_memory must be 0..100000: %s",
        dedupMemory);
    evidenceFields = List.copyOf(evidenceFields);
    require(maxFieldChars >= 64, "max_field_chars must be at least 64: %s", maxFieldChars);
  }

  public static CorrelationSettings defaults() {
    return new CorrelationSettings(
        EnumSet.of(ActivityGroup.PRIVILEGED_CONTAINER),
        16,
        100_000,
        Duration.ofHours(6),
        64,
        DEFAULT_EVIDENCE_FIELDS,
        4096);
  }

  private static void require(boolean ok, String message, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(message, value));
    }
  }
}
