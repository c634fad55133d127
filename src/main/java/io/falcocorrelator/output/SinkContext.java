package io.falcocorrelator.output;

import java.net.http.HttpClient;
import java.util.Optional;

/**
 * What sinks share: one HTTP client (connection reuse, timeouts) and the console's public URL
 * ({@code ui.public_url}), from which payloads link to the incident's page.
 */
public record SinkContext(HttpClient http, Optional<String> publicUrl) {
  public SinkContext(HttpClient http) {
    this(http, Optional.empty());
  }

  /** The context of a new detection of {@code alert}: its link. */
  public FindingContext finding(io.falcocorrelator.correlate.CompositeAlert alert) {
    return FindingContext.of(alert, publicUrl);
  }
}
