package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.Severity;
import java.time.Instant;

/**
 * A less severe case that completed in the incident's context and was folded into it, not emitted.
 */
public record Fold(String caseId, String caseName, Severity severity, Instant at) {}
