package io.falcocorrelator.output;

import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.Secret;
import io.falcocorrelator.yaml.YamlNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an HTTP sink sends: URL (a secret: webhook URLs carry tokens), method, extra headers
 * (secret values) and TLS. The common keys of every HTTP sink, read in one place.
 */
public record HttpTarget(Secret url, String method, Map<String, Secret> headers, ClientTls tls) {
  /** Carries the composite id on every HTTP delivery, for de-duplication by receivers. */
  public static final String ID_HEADER = "X-Falco-Correlator-Id";

  public static final List<String> KEYS =
      List.of("url", "method", "headers", "ca_cert", "client_cert", "client_key", "insecure");

  public HttpTarget {
    headers = Map.copyOf(headers);
  }

  public static HttpTarget parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values, String urlKey) {
    return parse(entry, keys, values, urlKey, null);
  }

  /**
   * As above, with {@code defaultUrl} when the entry has no {@code urlKey} (a service's public
   * endpoint).
   */
  public static HttpTarget parse(
      YamlNode entry,
      Map<String, YamlNode> keys,
      ConfigValues values,
      String urlKey,
      String defaultUrl) {
    Secret url =
        keys.containsKey(urlKey)
            ? values.secret(keys.get(urlKey))
            : defaultUrl == null ? Secret.NONE : new Secret(defaultUrl);
    if (url.isEmpty()) {
      values.problems().add(entry, "missing required key \"" + urlKey + "\"");
    } else if (!url.reveal().startsWith("http://") && !url.reveal().startsWith("https://")) {
      values
          .problems()
          .add(
              keys.containsKey(urlKey) ? keys.get(urlKey) : entry,
              urlKey + " must be an http:// or https:// URL");
    }
    String method = values.text(keys.get("method"), "POST").toUpperCase(Locale.ROOT);
    if (!method.equals("POST") && !method.equals("PUT")) {
      values.problems().add(keys.get("method"), "method must be POST or PUT");
    }
    Map<String, Secret> headers = new LinkedHashMap<>();
    if (keys.containsKey("headers")) {
      keys.get("headers")
          .freeEntries(values.problems())
          .forEach((k, v) -> headers.put(k, values.secret(v)));
    }
    ClientTls tls =
        new ClientTls(
            values.path(keys.get("ca_cert")),
            values.path(keys.get("client_cert")),
            values.path(keys.get("client_key")),
            values.bool(keys.get("insecure"), false));
    if (tls.clientCert().isPresent() != tls.clientKey().isPresent()) {
      values.problems().add(entry, "client_cert and client_key go together");
    }
    return new HttpTarget(url, method, headers, tls);
  }

  public URI uri(String suffix) {
    String base = url.reveal();
    return URI.create(suffix.isEmpty() ? base : base.replaceAll("/+$", "") + suffix);
  }

  /** The shared client, or one of its own when the target has TLS settings. */
  public HttpClient client(SinkContext context) throws Exception {
    if (tls.isDefault()) {
      return context.http();
    }
    return HttpClient.newBuilder()
        .connectTimeout(HttpDelivery.TIMEOUT)
        .sslContext(tls.context())
        .build();
  }

  /**
   * A sink that sends {@code body(alert)} as JSON to {@code url + suffix} with the configured
   * headers, {@code extraHeaders} and the composite id ({@code X-Falco-Correlator-Id}).
   */
  public Sink jsonSink(
      SinkContext context,
      String suffix,
      Map<String, String> extraHeaders,
      java.util.function.Function<io.falcocorrelator.correlate.CompositeAlert, Object> body)
      throws Exception {
    HttpClient client = client(context);
    URI uri = uri(suffix);
    return alert -> postJson(client, uri, alert.id(), extraHeaders, body.apply(alert));
  }

  /**
   * Sends {@code body} as JSON with the configured headers, {@code extraHeaders} and the composite
   * id.
   */
  public Delivery postJson(
      HttpClient client, URI uri, String id, Map<String, String> extraHeaders, Object body) {
    Map<String, String> h = new LinkedHashMap<>(headerValues());
    h.putAll(extraHeaders);
    h.put("Content-Type", "application/json");
    h.put(ID_HEADER, id);
    return HttpDelivery.send(
        client,
        method,
        uri,
        h,
        io.falcocorrelator.correlate.codec.CompositeJson.MAPPER.writeValueAsBytes(body));
  }

  public Map<String, String> headerValues() {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, v.reveal()));
    return out;
  }

  @Override
  public String toString() {
    return "url="
        + url
        + " method="
        + method
        + " headers="
        + headers.keySet()
        + (tls.isDefault() ? "" : " tls=custom");
  }
}
