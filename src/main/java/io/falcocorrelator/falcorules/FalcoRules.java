package io.falcocorrelator.falcorules;

import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Falco rules a user runs, read from their rules files in load order (read-only, SnakeYAML safe
 * loading with the same bounds as every other YAML here), and the {@code append_output} of their
 * Falco config. Only what the mappings can be checked against is kept: rule names, enabled state,
 * source, tags and the fields each rule's output prints.
 */
public final class FalcoRules {
  /**
   * Falco output field references: {@code %proc.name}, {@code %proc.aname[2]}, {@code
   * %evt.arg.request}.
   */
  private static final Pattern FIELD_REF =
      Pattern.compile("%([A-Za-z_][A-Za-z0-9_.]*(?:\\[[^\\]\\s]{1,64}\\])?)");

  static final int MAX_FILES = 200;

  private final Map<String, Builder> rules = new LinkedHashMap<>();
  private final List<AppendOutput> appendOutput = new ArrayList<>();
  private final List<String> files = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private boolean haveConfig;

  /** Rules files and directories (their *.yaml and *.yml files, by name), in Falco's load order. */
  public static FalcoRules load(List<Path> paths, Optional<Path> config, Problems problems) {
    FalcoRules out = new FalcoRules();
    for (Path p : paths) {
      for (Path f : expand(p, problems)) {
        if (out.files.size() >= MAX_FILES) {
          problems.add(
              new Problem(
                  f.toString(),
                  0,
                  "",
                  "more than " + MAX_FILES + " rules files: the rest is not read"));
          break;
        }
        out.readRules(f, problems);
      }
    }
    config.ifPresent(c -> out.readConfig(c, problems));
    return out;
  }

  private static List<Path> expand(Path p, Problems problems) {
    if (Files.isRegularFile(p)) {
      return List.of(p);
    }
    if (!Files.isDirectory(p)) {
      problems.add(new Problem(p.toString(), 0, "", "no such file or directory"));
      return List.of();
    }
    try (Stream<Path> list = Files.list(p)) {
      return list.filter(
              f ->
                  Files.isRegularFile(f)
                      && (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")))
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.add(new Problem(p.toString(), 0, "", "cannot list: " + e.getMessage()));
      return List.of();
    }
  }

  private Optional<YamlNode> parse(Path f, Problems problems) {
    try {
      return YamlNode.parse(
          f.toString(), Files.newBufferedReader(f, StandardCharsets.UTF_8), problems);
    } catch (IOException e) {
      problems.add(new Problem(f.toString(), 0, "", "cannot read: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private void readRules(Path f, Problems problems) {
    Optional<YamlNode> root = parse(f, problems);
    if (root.isEmpty()) {
      return;
    }
    if (!root.get().isList()) {
      // A falco.yaml beside the rules (as in falcosecurity/rules): not a rules file.
      skipped.add(
          f
              + " (not a list of rules, macros and lists"
              + (root.get().isMap() ? "; a Falco config goes to --falco-config" : "")
              + ")");
      return;
    }
    files.add(f.toString());
    Problems ignored = new Problems();
    for (YamlNode item : root.get().items(problems, false)) {
      if (!item.isMap()) {
        continue;
      }
      Map<String, YamlNode> e = item.freeEntries(ignored);
      if (e.containsKey("rule")) {
        e.get("rule").string(ignored).ifPresent(name -> rule(name, item, e, ignored));
      }
    }
  }

  /**
   * Applies one {@code - rule:} item: a definition, or an append/override/enable of an earlier one.
   */
  private void rule(String name, YamlNode item, Map<String, YamlNode> e, Problems ignored) {
    Map<String, YamlNode> override =
        e.containsKey("override") && e.get("override").isMap()
            ? e.get("override").freeEntries(ignored)
            : Map.of();
    boolean append = e.containsKey("append") && e.get("append").bool(ignored).orElse(false);
    Builder earlier = rules.get(name);
    boolean definition =
        earlier == null || (!append && override.isEmpty() && e.containsKey("condition"));
    Builder b = definition ? new Builder(name, item.file() + ":" + item.line()) : earlier;
    rules.put(name, b);
    if (e.containsKey("source")) {
      e.get("source").string(ignored).ifPresent(source -> b.source = source);
    }
    if (e.containsKey("tags")) {
      List<String> tags = e.get("tags").strings(ignored);
      boolean replace = definition || "replace".equals(text(override.get("tags"), ignored));
      if (replace) {
        b.tags.clear();
      }
      b.tags.addAll(tags);
    }
    if (e.containsKey("output")) {
      Set<String> fields = fieldsOf(text(e.get("output"), ignored));
      boolean replace = definition || "replace".equals(text(override.get("output"), ignored));
      if (replace) {
        b.fields.clear();
      }
      b.fields.addAll(fields);
    }
    if (e.containsKey("enabled")) {
      boolean enabled = e.get("enabled").bool(ignored).orElse(true);
      b.disabledAt = enabled ? null : item.file() + ":" + e.get("enabled").line();
    }
  }

  private static String text(YamlNode node, Problems ignored) {
    return node == null ? "" : node.string(ignored).orElse("");
  }

  /** The fields an output format prints. */
  static Set<String> fieldsOf(String output) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = FIELD_REF.matcher(output);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private void readConfig(Path f, Problems problems) {
    Optional<YamlNode> root = parse(f, problems);
    if (root.isEmpty()) {
      return;
    }
    haveConfig = true;
    Map<String, YamlNode> top = root.get().entries(problems, null);
    if (!top.containsKey("append_output")) {
      return;
    }
    for (YamlNode item : top.get("append_output").items(problems, false)) {
      Map<String, YamlNode> e =
          item.entries(
              problems, List.of("match", "extra_output", "extra_fields", "suggested_output"));
      Map<String, YamlNode> match =
          e.containsKey("match")
              ? e.get("match").entries(problems, List.of("source", "tags", "rule"))
              : Map.of();
      Set<String> fields = new HashSet<>();
      if (e.containsKey("extra_fields")) {
        for (YamlNode field : e.get("extra_fields").items(problems, false)) {
          // A field, or a map {alias: field} (Falco 0.39+).
          if (field.isMap()) {
            field
                .freeEntries(problems)
                .values()
                .forEach(v -> v.string(problems).ifPresent(fields::add));
          } else {
            field.string(problems).ifPresent(fields::add);
          }
        }
      }
      if (e.containsKey("extra_output")) {
        e.get("extra_output").string(problems).ifPresent(s -> fields.addAll(fieldsOf(s)));
      }
      boolean suggested =
          e.containsKey("suggested_output")
              && e.get("suggested_output").bool(problems).orElse(false);
      appendOutput.add(
          new AppendOutput(
              match.containsKey("source")
                  ? match.get("source").string(problems).orElse(null)
                  : null,
              match.containsKey("tags")
                  ? new HashSet<>(match.get("tags").strings(problems))
                  : Set.of(),
              match.containsKey("rule") ? match.get("rule").string(problems).orElse(null) : null,
              fields,
              suggested));
    }
  }

  public List<FalcoRule> rules() {
    return rules.values().stream().map(Builder::build).toList();
  }

  public Optional<FalcoRule> rule(String name) {
    return Optional.ofNullable(rules.get(name)).map(Builder::build);
  }

  public List<AppendOutput> appendOutput() {
    return List.copyOf(appendOutput);
  }

  /** Whether a Falco config was given: without one, append_output is unknown. */
  public boolean haveConfig() {
    return haveConfig;
  }

  public List<String> files() {
    return List.copyOf(files);
  }

  /** Files given that are not rules files, with why. */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  /**
   * Whether rule {@code r}'s alerts carry {@code field}: in its output, or appended by the config.
   */
  public boolean provides(FalcoRule r, String field) {
    if (r.outputFields().contains(field)) {
      return true;
    }
    for (AppendOutput a : appendOutput) {
      if (a.applies(r) && a.provides(field)) {
        return true;
      }
    }
    return false;
  }

  private static final class Builder {
    final String name;
    final String origin;
    String source = "syscall";
    final Set<String> tags = new LinkedHashSet<>();
    final Set<String> fields = new LinkedHashSet<>();
    String disabledAt;

    Builder(String name, String origin) {
      this.name = name;
      this.origin = origin;
    }

    FalcoRule build() {
      return new FalcoRule(name, origin, source, tags, fields, disabledAt);
    }
  }
}
