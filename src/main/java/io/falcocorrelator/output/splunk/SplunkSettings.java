package io.falcocorrelator.output.splunk;

import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.Secret;
import io.falcocorrelator.yaml.YamlNode;
import java.util.Map;
import java.util.Optional;

/**
 * Splunk HEC: {@code url} (base, e.g. https://splunk:8088), {@code token}, index, sourcetype,
 * source, format of the event.
 */
public record SplunkSettings(
    HttpTarget target,
    Secret token,
    Optional<String> index,
    String sourcetype,
    String source,
    PayloadFormat format)
    implements OutputConfig.SinkSettings {

  public static final SinkFactory FACTORY =
      SinkFactory.of(
          "splunk",
          SinkFactory.keys(
              HttpTarget.KEYS, "token", "token_file", "index", "sourcetype", "source", Formats.KEY),
          SplunkSettings::parse);

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    Secret token =
        keys.containsKey("token_file")
            ? values.fileSecret(keys.get("token_file"))
            : values.secret(keys.get("token"));
    if (token.isEmpty()) {
      values.problems().add(entry, "give token or token_file");
    }
    return new SplunkSettings(
        HttpTarget.parse(entry, keys, values, "url"),
        token,
        Optional.ofNullable(keys.get("index")).flatMap(values::text),
        values.text(keys.get("sourcetype"), "falco:correlator"),
        values.text(keys.get("source"), "falco-correlator"),
        Formats.parse(keys, values, Formats.NATIVE));
  }

  @Override
  public Sink create(SinkContext context) throws Exception {
    return target.jsonSink(
        context,
        "/services/collector/event",
        Map.of("Authorization", "Splunk " + token.reveal()),
        alert -> SplunkPayloads.build(alert, this, context.finding(alert)));
  }

  @Override
  public String toString() {
    return target
        + " token="
        + token
        + index.map(i -> " index=" + i).orElse("")
        + " format="
        + format;
  }
}
