package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * What sinks share: one HTTP client (connection reuse, timeouts), the console's public URL ({@code
 * ui.public_url}), from which every payload links to the incident's page, and the clock that dates
 * what a sink writes (an Alertmanager {@code endsAt}, how long an incident has been firing).
 */
public record SinkContext(HttpClient http, Optional<String> publicUrl, Clock clock) {
  public SinkContext(HttpClient http) {
    this(http, Optional.empty(), Clock.systemUTC());
  }

  /** {@code {public_url}/ui/incidents/{id}}, or empty without {@code ui.public_url}. */
  public Optional<String> link(CompositeAlert a) {
    return FindingContext.link(a.id(), publicUrl);
  }

  /** The context of a new composite for payload formats: its link. */
  public FindingContext finding(CompositeAlert alert) {
    return FindingContext.of(alert, publicUrl);
  }

  /** The composite's JSON ({@link CompositeJson#toJson}) with {@code "link"} when there is one. */
  public ObjectNode json(CompositeAlert a) {
    return Formats.NATIVE.document(a, finding(a));
  }
}
