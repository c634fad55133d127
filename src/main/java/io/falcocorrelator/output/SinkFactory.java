package io.falcocorrelator.output;

import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.util.List;
import java.util.Map;

/** Reads one sink type's settings from its output entry. Registered once in {@link SinkRegistry}. */
public interface SinkFactory {
  String type();

  /** The keys of this type, besides the common ones (name, type, min_severity, cases, namespaces, hosts). */
  List<String> keys();

  OutputConfig.SinkSettings parse(YamlNode entry, Map<String, YamlNode> keys, ConfigValues values);
}
