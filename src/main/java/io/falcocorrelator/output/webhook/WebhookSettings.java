package io.falcocorrelator.output.webhook;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.StatusUpdate;
import tools.jackson.databind.node.ObjectNode;
import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.util.List;
import java.util.Map;

/**
 * The composite JSON (as {@code replay} prints it) to any URL, POST or PUT, with custom headers
 * and TLS/mTLS. {@code X-Falco-Correlator-Id} carries the composite id for de-duplication.
 */
public record WebhookSettings(HttpTarget target) implements OutputConfig.SinkSettings {
  public static final SinkFactory FACTORY = SinkFactory.of("webhook",
      HttpTarget.KEYS, WebhookSettings::parse);

  private static OutputConfig.SinkSettings parse(YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    return new WebhookSettings(HttpTarget.parse(entry, keys, values, "url"));
  }

  /** The header naming the event a request carries: {@code composite} or {@code incident.status}. */
  public static final String EVENT_HEADER = "X-Falco-Correlator-Event";

  @Override
  public Sink create(SinkContext context) throws Exception {
    Sink composites = target.jsonSink(context, "", Map.of(EVENT_HEADER, "composite"), context::json);
    Sink statuses = target.jsonSink(context, "", Map.of(EVENT_HEADER, "incident.status"), a -> statusOf(a, pending.get(), context));
    return new Sink() {
      @Override
      public Delivery send(CompositeAlert alert) {
        return composites.send(alert);
      }

      @Override
      public boolean followsIncidents() {
        return true;
      }

      @Override
      public Delivery sendStatus(CompositeAlert alert, StatusUpdate update) {
        pending.set(update);
        try {
          return statuses.send(alert);
        } finally {
          pending.remove();
        }
      }
    };
  }

  /** The update being sent on this thread (the JSON sink builds its body from the composite alone). */
  private static final ThreadLocal<StatusUpdate> pending = new ThreadLocal<>();

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
    return target.toString();
  }
}
