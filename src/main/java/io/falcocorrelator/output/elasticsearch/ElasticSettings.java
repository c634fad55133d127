package io.falcocorrelator.output.elasticsearch;

import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.HttpDelivery;
import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.output.ecs.EcsPayloads;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.Secret;
import io.falcocorrelator.yaml.YamlNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Elasticsearch or OpenSearch bulk API: {@code url}, {@code index_prefix}, {@code api_key} or
 * {@code username}/{@code password}, {@code format} (ECS by default; the index template for it is
 * in deploy/elasticsearch/).
 */
public record ElasticSettings(
    HttpTarget target,
    String indexPrefix,
    Secret apiKey,
    Optional<String> username,
    Secret password,
    PayloadFormat format)
    implements OutputConfig.SinkSettings {

  public static final SinkFactory FACTORY =
      SinkFactory.of(
          "elasticsearch",
          SinkFactory.keys(
              HttpTarget.KEYS,
              "index_prefix",
              "api_key",
              "username",
              "password",
              "password_file",
              Formats.KEY),
          ElasticSettings::parse);

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    Secret password =
        keys.containsKey("password_file")
            ? values.fileSecret(keys.get("password_file"))
            : values.secret(keys.get("password"));
    return new ElasticSettings(
        HttpTarget.parse(entry, keys, values, "url"),
        values.text(keys.get("index_prefix"), "falco-composites"),
        values.secret(keys.get("api_key")),
        Optional.ofNullable(keys.get("username")).flatMap(values::text),
        password,
        Formats.parse(keys, values, EcsPayloads.FORMAT));
  }

  @Override
  public Sink create(SinkContext context) throws Exception {
    HttpClient client = target.client(context);
    return alert -> {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(target.uri("/_bulk"))
              .timeout(java.time.Duration.ofSeconds(10))
              .header("Content-Type", "application/x-ndjson")
              .header(HttpTarget.ID_HEADER, alert.id())
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      ElasticPayloads.bulk(alert, indexPrefix, format, context.finding(alert)),
                      StandardCharsets.UTF_8));
      if (!apiKey.isEmpty()) {
        b.header("Authorization", "ApiKey " + apiKey.reveal());
      } else if (username.isPresent()) {
        b.header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (username.get() + ":" + password.reveal())
                            .getBytes(StandardCharsets.UTF_8)));
      }
      try {
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
          return HttpDelivery.classify(
              r.statusCode(), r.headers().firstValue("Retry-After"), r.body());
        }
        return itemResult(r.body());
      } catch (IOException e) {
        return Delivery.retry("I/O error: " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Delivery.retry("interrupted");
      }
    };
  }

  /** A bulk answer is 200 even when the item failed: the item's own status decides. */
  static Delivery itemResult(String body) {
    JsonNode root = CompositeJson.MAPPER.readTree(body);
    if (!root.path("errors").asBoolean(false)) {
      return Delivery.DELIVERED;
    }
    JsonNode item = root.path("items").path(0).path("index");
    int status = item.path("status").asInt(500);
    String reason =
        "bulk item " + status + ": " + item.path("error").path("type").asString("unknown");
    return status == 429 || status >= 500 ? Delivery.retry(reason) : new Delivery.Rejected(reason);
  }

  @Override
  public String toString() {
    return target
        + " index_prefix="
        + indexPrefix
        + (apiKey.isEmpty() ? "" : " api_key=" + apiKey)
        + username.map(u -> " username=" + u + " password=" + password).orElse("")
        + " format="
        + format;
  }
}
