package io.falcocorrelator.correlate;

import java.time.Instant;

/**
 * A case that completed in a context. {@code compositeId} is the composite that reported it: its
 * own when it was emitted, the open incident's when it was folded into a more severe one.
 */
public record FiredCase(
    String caseId, Severity severity, String compositeId, Instant at, boolean folded) {}
