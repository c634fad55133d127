package io.falcocorrelator.output.alertmanager;

import io.falcocorrelator.output.HttpTarget;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prometheus Alertmanager API v2: {@code url} (base, e.g. http://alertmanager:9093; {@code
 * /api/v2/alerts} is appended), {@code repeat_interval} (default 1m: how often a firing incident is
 * posted again, as Prometheus does), {@code active_for} (default 24h: after this an unacknowledged
 * incident is no longer re-posted and lapses), {@code labels} (added to every alert).
 */
public record AlertmanagerSettings(
    HttpTarget target, Duration repeatInterval, Duration activeFor, Map<String, String> labels)
    implements OutputConfig.SinkSettings {

  public static final SinkFactory FACTORY =
      SinkFactory.of(
          "alertmanager",
          SinkFactory.keys(HttpTarget.KEYS, "repeat_interval", "active_for", "labels"),
          AlertmanagerSettings::parse);
  static final Duration MIN_REPEAT = Duration.ofSeconds(1);

  public AlertmanagerSettings {
    labels = Map.copyOf(labels);
  }

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    Duration repeat = values.duration(keys.get("repeat_interval"), Duration.ofMinutes(1));
    if (repeat.compareTo(MIN_REPEAT) < 0) {
      values.problems().add(keys.get("repeat_interval"), "repeat_interval must be at least 1s");
      repeat = MIN_REPEAT;
    }
    Duration activeFor = values.duration(keys.get("active_for"), Duration.ofHours(24));
    Map<String, String> labels = new LinkedHashMap<>();
    if (keys.containsKey("labels")) {
      keys.get("labels")
          .freeEntries(values.problems())
          .forEach(
              (k, v) -> {
                if (!k.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                  values
                      .problems()
                      .add(
                          v,
                          "label name \""
                              + k
                              + "\" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
                }
                values.text(v).ifPresent(t -> labels.put(k, t));
              });
    }
    return new AlertmanagerSettings(
        HttpTarget.parse(entry, keys, values, "url"), repeat, activeFor, labels);
  }

  @Override
  public Sink create(SinkContext context) throws Exception {
    return new AlertmanagerSink(this, target.client(context), context, context.clock());
  }

  /**
   * How long after a post Alertmanager keeps the alert firing unless posted again: four repeats, as
   * Prometheus does.
   */
  Duration lapse() {
    return repeatInterval.multipliedBy(4);
  }

  @Override
  public String toString() {
    return target
        + " repeat_interval="
        + repeatInterval
        + " active_for="
        + activeFor
        + (labels.isEmpty() ? "" : " labels=" + labels.keySet());
  }
}
