package io.falcocorrelator.config;

import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.Secret;
import io.falcocorrelator.yaml.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of a config file: {@code ${NAME}} references expanded from the environment (an unset
 * variable is a problem, never an empty value), secrets from values or files, paths relative to the
 * file's directory. Shared by the {@code serve} and {@code streams} configs.
 */
public final class YamlConfigValues implements ConfigValues {
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private final Problems problems;
  private final Function<String, String> env;
  private final Path baseDir;

  public YamlConfigValues(Problems problems, Function<String, String> env, Path baseDir) {
    this.problems = problems;
    this.env = env;
    this.baseDir = baseDir;
  }

  @Override
  public Problems problems() {
    return problems;
  }

  @Override
  public Optional<String> text(YamlNode node) {
    Optional<String> raw = node.string(problems);
    if (raw.isEmpty()) {
      return raw;
    }
    Matcher m = ENV.matcher(raw.get());
    StringBuilder sb = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null) {
        problems.add(node, "environment variable " + m.group(1) + " is not set");
        ok = false;
        value = "";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return ok ? Optional.of(sb.toString()) : Optional.empty();
  }

  @Override
  public Secret secret(YamlNode node) {
    return node == null ? Secret.NONE : text(node).map(Secret::new).orElse(Secret.NONE);
  }

  @Override
  public Secret fileSecret(YamlNode node) {
    Optional<Path> p = path(node);
    if (p.isEmpty()) {
      return Secret.NONE;
    }
    try {
      return new Secret(Files.readString(p.get(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      problems.add(node, "cannot read secret file: " + e.getMessage());
      return Secret.NONE;
    }
  }

  @Override
  public Optional<Path> path(YamlNode node) {
    if (node == null) {
      return Optional.empty();
    }
    return text(node)
        .filter(s -> !s.isBlank())
        .map(s -> baseDir == null ? Path.of(s) : baseDir.resolve(s));
  }
}
