package io.falcocorrelator.config;

import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.YamlNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * A config file read for one of the commands: its YAML root (empty for an empty file), the value
 * reader (env expansion, secrets, paths relative to the file) and the problems collected so far. An
 * unreadable file is reported at once.
 */
public record ConfigFile(Optional<YamlNode> root, YamlConfigValues values, Problems problems) {

  public static ConfigFile read(Path file, Function<String, String> env) {
    Problems problems = new Problems();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(new Problem(file.toString(), 0, "", "cannot read: " + e.getMessage()));
      problems.throwIfAny();
      throw new IllegalStateException(e);
    }
    YamlConfigValues values =
        new YamlConfigValues(problems, env, file.toAbsolutePath().getParent());
    return new ConfigFile(
        YamlNode.parse(file.getFileName().toString(), new StringReader(text), problems),
        values,
        problems);
  }

  /** The root, or a problem (thrown with the others) naming what the file must hold. */
  public YamlNode requireRoot(Path file, String what) {
    if (root.isEmpty()) {
      problems.add(
          new Problem(file.getFileName().toString(), 0, "", "empty config: " + what + " required"));
      problems.throwIfAny();
    }
    return root.get();
  }
}
