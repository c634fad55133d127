package io.falcocorrelator.output.webhook;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.output.StatusChange;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * The composite JSON (as {@code replay} prints it, or {@code format: ocsf | ecs}) to any URL, POST or PUT, with custom headers
 * and TLS/mTLS. {@code X-Falco-Correlator-Id} carries the composite id for de-duplication and
 * {@code X-Falco-Correlator-Event} what the delivery is: {@code composite} (a detection) or
 * {@code incident.status} (the incident was acknowledged, resolved or reopened).
 */
public record WebhookSettings(HttpTarget target, PayloadFormat format) implements OutputConfig.SinkSettings {
  public static final SinkFactory FACTORY = SinkFactory.of("webhook",
      SinkFactory.keys(HttpTarget.KEYS, Formats.KEY), WebhookSettings::parse);

  private static OutputConfig.SinkSettings parse(YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    return new WebhookSettings(HttpTarget.parse(entry, keys, values, "url"), Formats.parse(keys, values, Formats.NATIVE));
  }

  /** Names what a delivery is: a new detection or a status change of its incident. */
  public static final String EVENT_HEADER = "X-Falco-Correlator-Event";

  @Override
  public Sink create(SinkContext context) throws Exception {
    HttpClient client = target.client(context);
    URI uri = target.uri("");
    return new Sink() {
      @Override
      public Delivery send(CompositeAlert alert) {
        return target.postJson(client, uri, alert.id(), Map.of(EVENT_HEADER, "composite"), format.document(alert, context.finding(alert)));
      }

      @Override
      public boolean followsStatus() {
        return true;
      }

      /** The same document with the status (native: {@code status}; OCSF: an Update or Close; ECS: {@code falco_correlator.status}). */
      @Override
      public Delivery statusChanged(CompositeAlert alert, StatusChange change) {
        return target.postJson(client, uri, alert.id(), Map.of(EVENT_HEADER, "incident.status"),
            format.document(alert, context.finding(alert).withStatus(change.status(), change.at())));
      }
    };
  }

  @Override
  public String toString() {
    return target + " format=" + format;
  }
}
