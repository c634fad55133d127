package io.falcocorrelator.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an incident's history: the status it entered, who made the change and when.
 *
 * @param resolution set only with {@link IncidentStatus#RESOLVED}, else null
 * @param note the analyst's note, or null
 * @param principal {@code system} for the incident's creation, else the authenticated caller: the
 *     Basic user, {@code token-N} for the N-th configured bearer token, the client certificate's
 *     subject, or {@code anonymous} when the API is not protected
 */
public record StatusChange(
    IncidentStatus status, Resolution resolution, String note, String principal, Instant at) {
  public static final String SYSTEM = "system";

  public StatusChange {
    Objects.requireNonNull(status);
    Objects.requireNonNull(principal);
    Objects.requireNonNull(at);
  }
}
