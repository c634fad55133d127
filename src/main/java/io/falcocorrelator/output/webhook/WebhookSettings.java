package io.falcocorrelator.output.webhook;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.output.StatusUpdate;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The composite JSON (as {@code replay} prints it, or {@code format: ocsf | ecs}) to any URL, POST
 * or PUT, with custom headers and TLS/mTLS. {@code X-Falco-Correlator-Id} carries the composite id
 * for de-duplication and {@code X-Falco-Correlator-Event} what the delivery is: {@code composite}
 * (a detection) or {@code incident.status} (the incident was acknowledged, resolved or reopened:
 * {@link #statusOf}, or the format's own status update).
 */
public record WebhookSettings(HttpTarget target, PayloadFormat format)
    implements OutputConfig.SinkSettings {
  public static final SinkFactory FACTORY =
      SinkFactory.of(
          "webhook", SinkFactory.keys(HttpTarget.KEYS, Formats.KEY), WebhookSettings::parse);

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    return new WebhookSettings(
        HttpTarget.parse(entry, keys, values, "url"), Formats.parse(keys, values, Formats.NATIVE));
  }

  /**
   * The header naming the event a request carries: {@code composite} or {@code incident.status}.
   */
  public static final String EVENT_HEADER = "X-Falco-Correlator-Event";

  @Override
  public Sink create(SinkContext context) throws Exception {
    HttpClient client = target.client(context);
    URI uri = target.uri("");
    return new Sink() {
      @Override
      public Delivery send(CompositeAlert alert) {
        return target.postJson(
            client,
            uri,
            alert.id(),
            Map.of(EVENT_HEADER, "composite"),
            format.document(alert, context.finding(alert)));
      }

      @Override
      public boolean followsIncidents() {
        return true;
      }

      /**
       * Native: the {@code incident.status} event. OCSF and ECS: the same document with the status
       * (an OCSF Update or Close of the finding; {@code falco_correlator.status} in ECS).
       */
      @Override
      public Delivery sendStatus(CompositeAlert alert, StatusUpdate update) {
        Object body =
            format == Formats.NATIVE
                ? statusOf(alert, update, context)
                : format.document(alert, context.finding(alert).with(update));
        return target.postJson(
            client, uri, alert.id(), Map.of(EVENT_HEADER, "incident.status"), body);
      }
    };
  }

  /**
   * The {@code incident.status} event: {@code {"event": "incident.status", "id", "case", "case_id",
   * "severity", "status", "resolution", "note", "principal", "at", "context", "link"}}.
   */
  public static ObjectNode statusOf(CompositeAlert a, StatusUpdate u, SinkContext context) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("event", "incident.status");
    o.put("id", a.id());
    o.put("case", a.caseName());
    o.put("case_id", a.definition().id());
    o.put("severity", a.severity().label());
    o.put("status", u.status());
    o.put("resolution", u.resolution());
    o.put("note", u.note());
    o.put("principal", u.principal());
    o.put("at", u.at().toString());
    o.set("context", CompositeJson.context(a.key(), a.info()));
    context.link(a).ifPresent(l -> o.put("link", l));
    o.put("source", "falco-correlator");
    return o;
  }

  @Override
  public String toString() {
    return target + " format=" + format;
  }
}
