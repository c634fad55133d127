package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * What a payload knows besides the composite: the link to its incident page (when {@code
 * ui.public_url} is set) and the incident's status when the payload reports a status change and
 * when it was made (empty for a new detection).
 */
public record FindingContext(
    Optional<String> link, Optional<IncidentStatus> status, Optional<Instant> statusAt) {
  public static final FindingContext NONE =
      new FindingContext(Optional.empty(), Optional.empty(), Optional.empty());

  /** The context of a new detection of {@code alert}, with its link when a public URL is known. */
  public static FindingContext of(CompositeAlert alert, Optional<String> publicUrl) {
    return new FindingContext(link(alert.id(), publicUrl), Optional.empty(), Optional.empty());
  }

  /** {@code PUBLIC_URL/ui/incidents/ID}, as the incidents console serves it. */
  public static Optional<String> link(String id, Optional<String> publicUrl) {
    return publicUrl.map(
        u ->
            u.replaceAll("/+$", "")
                + "/ui/incidents/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
  }

  /** The context of a status change made at {@code at}. */
  public FindingContext withStatus(IncidentStatus s, Instant at) {
    return new FindingContext(link, Optional.of(s), Optional.of(at));
  }

  /** The context of {@code update}. */
  public FindingContext with(StatusUpdate update) {
    return withStatus(update.incidentStatus(), update.at());
  }

  /** When this payload happened: the status change, or else the detection. */
  public Instant time(CompositeAlert alert) {
    return statusAt.orElse(alert.detectedAt());
  }
}
