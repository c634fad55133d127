package io.falcocorrelator.output.slack;

import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Slack incoming webhook: {@code webhook_url} (a secret), optional channel, username and icon. */
public record SlackSettings(
    HttpTarget target, Optional<String> channel, Optional<String> username, Optional<String> icon)
    implements OutputConfig.SinkSettings {

  public static final SinkFactory FACTORY =
      SinkFactory.of(
          "slack",
          List.of("webhook_url", "channel", "username", "icon", "ca_cert", "insecure"),
          SlackSettings::parse);

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    return new SlackSettings(
        HttpTarget.parse(entry, keys, values, "webhook_url"),
        Optional.ofNullable(keys.get("channel")).flatMap(values::text),
        Optional.ofNullable(keys.get("username")).flatMap(values::text),
        Optional.ofNullable(keys.get("icon")).flatMap(values::text));
  }

  @Override
  public Sink create(SinkContext context) throws Exception {
    return target.jsonSink(
        context,
        "",
        Map.of(),
        alert ->
            SlackPayloads.withLinkButton(SlackPayloads.build(alert, this), context.link(alert)));
  }

  @Override
  public String toString() {
    return "webhook_url=" + target.url() + channel.map(c -> " channel=" + c).orElse("");
  }
}
