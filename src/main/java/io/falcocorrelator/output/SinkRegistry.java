package io.falcocorrelator.output;

import io.falcocorrelator.output.alertmanager.AlertmanagerSettings;
import io.falcocorrelator.output.elasticsearch.ElasticSettings;
import io.falcocorrelator.output.falco.FalcoSettings;
import io.falcocorrelator.output.file.FileSettings;
import io.falcocorrelator.output.pagerduty.PagerDutySettings;
import io.falcocorrelator.output.slack.SlackSettings;
import io.falcocorrelator.output.splunk.SplunkSettings;
import io.falcocorrelator.output.syslog.SyslogSettings;
import io.falcocorrelator.output.webhook.WebhookSettings;
import java.util.List;
import java.util.Optional;

/** Every sink type, one line each: a new sink is its package plus one line here. */
public final class SinkRegistry {
  static final List<SinkFactory> FACTORIES =
      List.of(
          SlackSettings.FACTORY,
          WebhookSettings.FACTORY,
          SplunkSettings.FACTORY,
          ElasticSettings.FACTORY,
          SyslogSettings.FACTORY,
          FalcoSettings.FACTORY,
          FileSettings.FACTORY,
          PagerDutySettings.FACTORY,
          AlertmanagerSettings.FACTORY);

  private SinkRegistry() {}

  public static Optional<SinkFactory> byType(String type) {
    return FACTORIES.stream().filter(f -> f.type().equals(type)).findFirst();
  }

  public static List<String> types() {
    return FACTORIES.stream().map(SinkFactory::type).toList();
  }
}
