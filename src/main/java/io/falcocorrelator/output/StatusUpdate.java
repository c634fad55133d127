package io.falcocorrelator.output;

import java.time.Instant;

/**
 * An incident's status change, for outputs that follow incidents (the webhook posts it as an
 * {@code incident.status} event; PagerDuty/Alertmanager-style sinks resolve on {@code resolved}).
 *
 * @param status {@code open}, {@code acknowledged} or {@code resolved}
 * @param resolution with {@code resolved}: {@code true_positive}, {@code false_positive} or {@code benign}; else null
 * @param principal who changed it (see the incidents API)
 */
public record StatusUpdate(String status, String resolution, String note, String principal, Instant at) {}
