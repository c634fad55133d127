package io.falcocorrelator.output;

import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code outputs:} list of the serve config: the common keys here, each type's own keys
 * by its {@link SinkFactory}.
 */
public final class OutputsCompiler {
  static final List<String> COMMON =
      List.of("name", "type", "min_severity", "cases", "namespaces", "hosts", "concurrency");

  private OutputsCompiler() {}

  public static List<OutputConfig> compile(YamlNode list, ConfigValues values) {
    List<OutputConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlNode item : list.items(values.problems(), false)) {
      if (!item.isMap()) {
        values.problems().add(item, "expected a map, found " + item.kind());
        continue;
      }
      Map<String, YamlNode> peek = item.freeEntries(new io.falcocorrelator.yaml.Problems());
      Optional<String> type =
          peek.containsKey("type") ? values.text(peek.get("type")) : Optional.empty();
      if (type.isEmpty()) {
        values
            .problems()
            .add(
                item,
                "missing required key \"type\" (" + String.join(", ", SinkRegistry.types()) + ")");
        continue;
      }
      Optional<SinkFactory> factory = SinkRegistry.byType(type.get());
      if (factory.isEmpty()) {
        values
            .problems()
            .add(
                peek.get("type"),
                "unknown output type \""
                    + type.get()
                    + "\" ("
                    + String.join(", ", SinkRegistry.types())
                    + ")");
        continue;
      }
      List<String> allowed = new ArrayList<>(COMMON);
      allowed.addAll(factory.get().keys());
      Map<String, YamlNode> keys = item.entries(values.problems(), allowed);
      String name = values.required(keys, item, "name").orElse("");
      if (!name.isEmpty() && !name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
        values
            .problems()
            .add(
                keys.get("name"),
                "name must be lower-case letters, digits, - and _ (it names spool files and metrics)");
      } else if (!name.isEmpty() && !names.add(name)) {
        values.problems().add(keys.get("name"), "duplicate output name \"" + name + "\"");
      }
      Severity min = Severity.MEDIUM;
      if (keys.containsKey("min_severity")) {
        Optional<String> s = values.text(keys.get("min_severity"));
        min = s.flatMap(Severity::parse).orElse(Severity.MEDIUM);
        if (s.isPresent() && Severity.parse(s.get()).isEmpty()) {
          values.problems().add(keys.get("min_severity"), "expected Critical, High or Medium");
        }
      }
      OutputConfig.SinkSettings settings = factory.get().parse(item, keys, values);
      out.add(
          new OutputConfig(
              name,
              type.get(),
              min,
              new LinkedHashSet<>(values.strings(keys.get("cases"))),
              new LinkedHashSet<>(values.strings(keys.get("namespaces"))),
              new LinkedHashSet<>(values.strings(keys.get("hosts"))),
              (int) values.integer(keys.get("concurrency"), 1, 64, 2),
              settings));
    }
    return out;
  }
}
