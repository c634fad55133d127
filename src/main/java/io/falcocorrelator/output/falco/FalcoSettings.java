package io.falcocorrelator.output.falco;

import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.util.Map;

/**
 * A Falco-shaped alert POSTed to a URL (typically Falcosidekick's {@code
 * http://falcosidekick:2801/}).
 */
public record FalcoSettings(HttpTarget target) implements OutputConfig.SinkSettings {
  public static final SinkFactory FACTORY =
      SinkFactory.of("falco", HttpTarget.KEYS, FalcoSettings::parse);

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    return new FalcoSettings(HttpTarget.parse(entry, keys, values, "url"));
  }

  @Override
  public Sink create(SinkContext context) throws Exception {
    return target.jsonSink(
        context,
        "",
        Map.of(),
        alert -> {
          var payload = FalcoPayloads.build(alert);
          context
              .link(alert)
              .ifPresent(
                  l ->
                      ((tools.jackson.databind.node.ObjectNode) payload.get("output_fields"))
                          .put("correlator.link", l));
          return payload;
        });
  }

  @Override
  public String toString() {
    return target.toString();
  }
}
