package io.falcocorrelator.streams;

import io.falcocorrelator.config.ConfigFile;
import io.falcocorrelator.config.YamlConfigValues;
import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.YamlNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Where {@code forward} reads composites: the {@code forward:} section of its config file. */
public record ForwardSettings(String bootstrapServers, String topic, String groupId) {
  static final List<String> KEYS = List.of("bootstrap_servers", "topic", "group_id");

  /** Reads the {@code forward:} section; the rest of the file is a serve-style outputs config. */
  public static ForwardSettings load(Path file, Function<String, String> env) {
    ConfigFile config = ConfigFile.read(file, env);
    Problems problems = config.problems();
    YamlConfigValues values = config.values();
    YamlNode section =
        config.requireRoot(file, "a forward section").freeEntries(problems).get("forward");
    if (section == null) {
      problems.add(
          new Problem(
              file.getFileName().toString(),
              0,
              "",
              "missing the forward section (bootstrap_servers, topic, group_id)"));
      problems.throwIfAny();
    }
    Map<String, YamlNode> f = section.entries(problems, KEYS);
    String bootstrap = values.required(f, section, "bootstrap_servers").orElse("");
    String topic = values.text(f.get("topic"), "falco-composites");
    String group = values.text(f.get("group_id"), "falco-correlator-forward");
    problems.throwIfAny();
    return new ForwardSettings(bootstrap, topic, group);
  }
}
