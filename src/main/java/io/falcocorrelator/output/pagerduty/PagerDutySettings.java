package io.falcocorrelator.output.pagerduty;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.output.StatusUpdate;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.Secret;
import io.falcocorrelator.yaml.YamlNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PagerDuty Events API v2: {@code routing_key} (or {@code routing_key_file}; an integration key is
 * a secret), {@code url} (default the public endpoint; {@code
 * https://events.eu.pagerduty.com/v2/enqueue} for the EU service region). Follows incident status:
 * acknowledge, resolve, reopen.
 */
public record PagerDutySettings(HttpTarget target, Secret routingKey)
    implements OutputConfig.SinkSettings {
  public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
  public static final SinkFactory FACTORY =
      SinkFactory.of(
          "pagerduty",
          SinkFactory.keys(HttpTarget.KEYS, "routing_key", "routing_key_file"),
          PagerDutySettings::parse);

  /**
   * Escalation chains remembered for dedup keys; older ones fall back to the escalated composite's
   * id.
   */
  static final int MAX_CHAINS = 10_000;

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    Secret key =
        keys.containsKey("routing_key_file")
            ? values.fileSecret(keys.get("routing_key_file"))
            : values.secret(keys.get("routing_key"));
    if (key.isEmpty()) {
      values
          .problems()
          .add(entry, "give routing_key or routing_key_file (the Events API v2 integration key)");
    }
    return new PagerDutySettings(HttpTarget.parse(entry, keys, values, "url", DEFAULT_URL), key);
  }

  @Override
  public Sink create(SinkContext context) throws Exception {
    HttpClient client = target.client(context);
    URI uri = target.uri("");
    Map<String, String> roots =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > MAX_CHAINS;
              }
            });
    return new Sink() {
      @Override
      public Delivery send(CompositeAlert alert) {
        return target.postJson(
            client,
            uri,
            alert.id(),
            Map.of(),
            PagerDutyPayloads.trigger(
                alert, routingKey.reveal(), dedupKey(alert), context.finding(alert)));
      }

      @Override
      public boolean followsIncidents() {
        return true;
      }

      @Override
      public Delivery sendStatus(CompositeAlert alert, StatusUpdate update) {
        return target.postJson(
            client,
            uri,
            alert.id(),
            Map.of(),
            PagerDutyPayloads.statusChange(
                alert,
                routingKey.reveal(),
                dedupKey(alert),
                update.incidentStatus(),
                context.finding(alert)));
      }

      /** Open after a restart (oldest first): its chain is remembered again, nothing is sent. */
      @Override
      public void resume(CompositeAlert alert, Instant since) {
        dedupKey(alert);
      }

      /** The first composite of an escalation chain: PagerDuty keeps one incident for the chain. */
      private String dedupKey(CompositeAlert alert) {
        String key =
            alert.escalatedFrom().isEmpty()
                ? alert.id()
                : roots.getOrDefault(alert.escalatedFrom(), alert.escalatedFrom());
        roots.put(alert.id(), key);
        return key;
      }
    };
  }

  @Override
  public String toString() {
    return target + " routing_key=" + routingKey;
  }
}
