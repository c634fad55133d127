package io.falcocorrelator.output.webhook;

import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.util.Map;

/**
 * The composite JSON (as {@code replay} prints it, or {@code format: ocsf | ecs}) to any URL, POST or PUT, with custom headers
 * and TLS/mTLS. {@code X-Falco-Correlator-Id} carries the composite id for de-duplication.
 */
public record WebhookSettings(HttpTarget target, PayloadFormat format) implements OutputConfig.SinkSettings {
  public static final SinkFactory FACTORY = SinkFactory.of("webhook",
      SinkFactory.keys(HttpTarget.KEYS, Formats.KEY), WebhookSettings::parse);

  private static OutputConfig.SinkSettings parse(YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    return new WebhookSettings(HttpTarget.parse(entry, keys, values, "url"), Formats.parse(keys, values, Formats.NATIVE));
  }

  @Override
  public Sink create(SinkContext context) throws Exception {
    return target.jsonSink(context, "", Map.of(), alert -> format.document(alert, context.finding(alert)));
  }

  @Override
  public String toString() {
    return target + " format=" + format;
  }
}
