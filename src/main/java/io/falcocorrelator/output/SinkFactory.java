package io.falcocorrelator.output;

import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.util.List;
import java.util.Map;

/**
 * Reads one sink type's settings from its output entry. Registered once in {@link SinkRegistry}.
 */
public interface SinkFactory {
  String type();

  /**
   * The keys of this type, besides the common ones (name, type, min_severity, cases, namespaces,
   * hosts).
   */
  List<String> keys();

  OutputConfig.SinkSettings parse(YamlNode entry, Map<String, YamlNode> keys, ConfigValues values);

  /** Reads a sink type's settings; problems go to {@code values.problems()}. */
  @FunctionalInterface
  interface Parser {
    OutputConfig.SinkSettings parse(
        YamlNode entry, Map<String, YamlNode> keys, ConfigValues values);
  }

  /** The factory of a sink type: its name, its own keys and how its settings are read. */
  static SinkFactory of(String type, List<String> keys, Parser parser) {
    List<String> own = List.copyOf(keys);
    return new SinkFactory() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public List<String> keys() {
        return own;
      }

      @Override
      public OutputConfig.SinkSettings parse(
          YamlNode entry, Map<String, YamlNode> k, ConfigValues values) {
        return parser.parse(entry, k, values);
      }
    };
  }

  /** {@code base} followed by {@code more}: a type's keys on top of shared ones. */
  static List<String> keys(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
