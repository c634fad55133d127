package io.falcocorrelator.rules;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.correlate.CaseSet;
import io.falcocorrelator.mapping.Classifier;
import io.falcocorrelator.mapping.Mapping;
import io.falcocorrelator.mapping.MappingCompiler;
import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.RulesException;
import io.falcocorrelator.yaml.YamlNode;
import io.falcocorrelator.yaml.YamlSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads a {@link RuleSet} from a directory of YAML files (every {@code *.yaml}/{@code *.yml}, in
 * name order) or from the defaults embedded in the jar. Each file may hold any of the top-level
 * keys {@code version}, {@code mappings}, {@code exceptions}, {@code cases}, {@code common_triage}
 * and {@code settings}, so users can keep their additions in files of their own. Every problem in
 * every file is reported at once, as a {@link RulesException}.
 */
public final class RulesLoader {
  /** Classpath folder of the embedded defaults (copied from {@code rules-yaml/} at build time). */
  public static final String EMBEDDED_DIR = "/rules/";

  static final List<String> EMBEDDED_FILES = List.of("mappings.yaml", "cases.yaml");
  static final List<String> TOP_KEYS =
      List.of("version", "mappings", "exceptions", "cases", "common_triage", "settings");

  private RulesLoader() {}

  public static RuleSet embedded() {
    List<Source> sources = new ArrayList<>();
    for (String name : EMBEDDED_FILES) {
      InputStream in = RulesLoader.class.getResourceAsStream(EMBEDDED_DIR + name);
      if (in == null) {
        throw new IllegalStateException("embedded rules missing from the jar: " + name);
      }
      sources.add(new Source(name, new InputStreamReader(in, StandardCharsets.UTF_8)));
    }
    return load(sources, "embedded defaults");
  }

  /** Loads every YAML file in {@code dir}. */
  public static RuleSet fromDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new RulesException(List.of(new Problem(dir.toString(), 0, "", "not a directory")));
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(
                  p ->
                      Files.isRegularFile(p)
                          && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")))
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new RulesException(
          List.of(new Problem(dir.toString(), 0, "", "cannot list: " + e.getMessage())));
    }
    if (files.isEmpty()) {
      throw new RulesException(List.of(new Problem(dir.toString(), 0, "", "no *.yaml files")));
    }
    List<Source> sources = new ArrayList<>();
    List<Problem> unreadable = new ArrayList<>();
    for (Path f : files) {
      try {
        sources.add(
            new Source(
                f.getFileName().toString(), Files.newBufferedReader(f, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        unreadable.add(
            new Problem(f.getFileName().toString(), 0, "", "cannot read: " + e.getMessage()));
      }
    }
    if (!unreadable.isEmpty()) {
      throw new RulesException(unreadable);
    }
    return load(sources, dir.toString());
  }

  /** A named YAML text. */
  public record Source(String name, Reader reader) {}

  public static RuleSet load(List<Source> sources, String origin) {
    Problems problems = new Problems();
    MappingCompiler mappingCompiler = new MappingCompiler(problems);
    CaseCompiler caseCompiler = new CaseCompiler(problems);
    List<Mapping> mappings = new ArrayList<>();
    List<Mapping> exceptions = new ArrayList<>();
    List<CaseDefinition> cases = new ArrayList<>();
    List<String> commonTriage = new ArrayList<>();
    YamlNode settingsNode = null;
    Problems structural = new Problems();
    for (Source source : sources) {
      var root = YamlNode.parse(source.name(), source.reader(), problems);
      if (root.isEmpty()) {
        continue;
      }
      // Structure from the schema editors use; reported where the compilers' own checks say
      // nothing.
      YamlSchema.RULES.check(root.get(), structural);
      Map<String, YamlNode> top = root.get().entries(problems, TOP_KEYS);
      if (top.containsKey("version")) {
        top.get("version").integer(problems, 1, 1);
      }
      if (top.containsKey("mappings")) {
        mappings.addAll(mappingCompiler.compile(top.get("mappings"), false));
      }
      if (top.containsKey("exceptions")) {
        exceptions.addAll(mappingCompiler.compile(top.get("exceptions"), true));
      }
      if (top.containsKey("common_triage")) {
        commonTriage.addAll(top.get("common_triage").strings(problems));
      }
      if (top.containsKey("settings")) {
        if (settingsNode != null) {
          problems.add(
              top.get("settings"),
              "settings already given in " + settingsNode.file() + ":" + settingsNode.line());
        } else {
          settingsNode = top.get("settings");
        }
      }
      if (top.containsKey("cases")) {
        cases.addAll(caseCompiler.compile(top.get("cases")));
      }
    }
    problems.addUncovered(structural);
    SettingsCompiler.Result settings =
        settingsNode == null
            ? SettingsCompiler.Result.defaults()
            : new SettingsCompiler(problems).compile(settingsNode);
    if (problems.isEmpty() && mappings.isEmpty()) {
      problems.add(
          new Problem(
              origin, 0, "", "no mappings defined: at least one file needs a \"mappings\" list"));
    }
    if (problems.isEmpty() && cases.isEmpty()) {
      problems.add(
          new Problem(origin, 0, "", "no cases defined: at least one file needs a \"cases\" list"));
    }
    problems.throwIfAny();
    List<CaseDefinition> withTriage = caseCompiler.withCommonTriage(cases, commonTriage);
    return new RuleSet(
        new Classifier(mappings, exceptions),
        new CaseSet(withTriage),
        settings.settings(),
        settings.keys(),
        origin,
        sources.stream().map(Source::name).collect(Collectors.toList()),
        caseCompiler.origins(),
        java.time.Instant.now());
  }
}
