package io.falcocorrelator.yaml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed values from config YAML with {@code ${ENV}} references expanded, secrets from values
 * or files, and relative paths resolved, recording every problem. Sink packages parse their own
 * settings with it.
 */
public interface ConfigValues {
  Problems problems();

  /** A string, env references expanded; empty with a problem when unset or not a scalar. */
  Optional<String> text(YamlNode node);

  /** A string, env references expanded, or {@code fallback} when the key is absent (null). */
  default String text(YamlNode node, String fallback) {
    return node == null ? fallback : text(node).orElse(fallback);
  }

  /** A required non-blank string. */
  default Optional<String> required(
      java.util.Map<String, YamlNode> entries, YamlNode parent, String key) {
    YamlNode n = entries.get(key);
    if (n == null) {
      problems().add(parent, "missing required key \"" + key + "\"");
      return Optional.empty();
    }
    Optional<String> v = text(n);
    if (v.isPresent() && v.get().isBlank()) {
      problems().add(n, "must not be empty");
      return Optional.empty();
    }
    return v;
  }

  Secret secret(YamlNode node);

  Secret fileSecret(YamlNode node);

  Optional<Path> path(YamlNode node);

  default boolean bool(YamlNode node, boolean fallback) {
    return node == null ? fallback : node.bool(problems()).orElse(fallback);
  }

  default long integer(YamlNode node, long min, long max, long fallback) {
    return node == null ? fallback : node.integer(problems(), min, max).orElse(fallback);
  }

  default Duration duration(YamlNode node, Duration fallback) {
    return node == null ? fallback : Durations.positive(node, problems()).orElse(fallback);
  }

  default List<String> strings(YamlNode node) {
    return node == null ? List.of() : node.strings(problems());
  }
}
