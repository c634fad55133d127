package io.falcocorrelator.correlate;

import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.List;

/**
 * A composite detection: one case completed in one execution context, with the evidence that
 * completed it and the case's triage guidance. Its JSON form is written by {@code
 * correlate.codec.CompositeJson}.
 *
 * @param id stable for the same context, case and first evidence, so a re-run or a redelivery
 *     yields the same id and receivers can de-duplicate
 * @param firstSeen event time (Falco's {@code time}) of the earliest evidence; "seen" always means
 *     event time in this model, processing time is named {@code processedAt} or {@code detectedAt}
 * @param lastSeen event time of the newest evidence
 * @param relatedCases less severe cases that completed at the same moment and were folded in
 * @param escalatedFrom id of the composite this one escalates (a less severe case emitted earlier
 *     in the same context), or empty
 * @param detectedAt processing time of the detection (injected clock)
 */
public record CompositeAlert(
    String id,
    CaseDefinition definition,
    ContextKey key,
    ContextInfo info,
    List<ActivityGroup> groups,
    List<Evidence> evidence,
    Instant firstSeen,
    Instant lastSeen,
    List<String> relatedCases,
    String escalatedFrom,
    Instant detectedAt) {

  public CompositeAlert {
    groups = List.copyOf(groups);
    evidence = List.copyOf(evidence);
    relatedCases = List.copyOf(relatedCases);
  }

  public Severity severity() {
    return definition.severity();
  }

  public String caseName() {
    return definition.name();
  }
}
