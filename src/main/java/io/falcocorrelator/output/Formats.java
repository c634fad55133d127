package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.ecs.EcsPayloads;
import io.falcocorrelator.output.ocsf.OcsfPayloads;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Every payload format, one line each: a new format is its package plus one line here. */
public final class Formats {
  /**
   * The composite JSON as {@code replay} prints it, with the incident link and status when known.
   */
  public static final PayloadFormat NATIVE = PayloadFormat.of("native", Formats::nativeDocument);

  static final List<PayloadFormat> FORMATS =
      List.of(NATIVE, OcsfPayloads.FORMAT, EcsPayloads.FORMAT);

  /** The key generic outputs take. */
  public static final String KEY = "format";

  private Formats() {}

  public static Optional<PayloadFormat> byName(String name) {
    return FORMATS.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return FORMATS.stream().map(PayloadFormat::name).toList();
  }

  /**
   * The output's {@code format:}, or {@code fallback} when absent; an unknown name is a config
   * problem.
   */
  public static PayloadFormat parse(
      Map<String, YamlNode> keys, ConfigValues values, PayloadFormat fallback) {
    YamlNode node = keys.get(KEY);
    if (node == null) {
      return fallback;
    }
    Optional<String> name = values.text(node);
    Optional<PayloadFormat> format = name.flatMap(Formats::byName);
    if (name.isPresent() && format.isEmpty()) {
      values
          .problems()
          .add(node, "unknown format \"" + name.get() + "\" (" + String.join(", ", names()) + ")");
    }
    return format.orElse(fallback);
  }

  private static ObjectNode nativeDocument(CompositeAlert alert, FindingContext context) {
    ObjectNode o = CompositeJson.toJson(alert);
    context.link().ifPresent(l -> o.put("link", l));
    context.status().ifPresent(s -> o.put("status", s.label()));
    return o;
  }
}
