package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * What sinks share: one HTTP client (connection reuse, timeouts) and the console's public URL
 * ({@code ui.public_url}), from which every payload links to the incident's page.
 */
public record SinkContext(HttpClient http, Optional<String> publicUrl) {
  public SinkContext(HttpClient http) {
    this(http, Optional.empty());
  }

  /** {@code {public_url}/ui/incidents/{id}}, or empty without {@code ui.public_url}. */
  public Optional<String> link(CompositeAlert a) {
    return publicUrl.map(u -> (u.endsWith("/") ? u.substring(0, u.length() - 1) : u) + "/ui/incidents/"
        + URLEncoder.encode(a.id(), StandardCharsets.UTF_8));
  }

  /** The composite's JSON ({@link CompositeJson#toJson}) with {@code "link"} when there is one. */
  public ObjectNode json(CompositeAlert a) {
    return withLink(CompositeJson.toJson(a), a);
  }

  /** Adds {@code "link"} to {@code o} when there is one; returns {@code o}. */
  public ObjectNode withLink(ObjectNode o, CompositeAlert a) {
    link(a).ifPresent(l -> o.put("link", l));
    return o;
  }
}
