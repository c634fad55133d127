package io.falcocorrelator.ruletest;

import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.MalformedAlertException;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.MappingCompiler;
import io.falcocorrelator.yaml.Problem;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.YamlNode;
import io.falcocorrelator.yaml.YamlSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds and reads test cases: rules test files ({@code *.yaml}, {@code *.yml}) and scenario pairs
 * ({@code NAME.expected.json} beside {@code NAME.ndjson} or {@code NAME.json}). A directory is
 * searched recursively, in name order. Every problem is collected with {@code file:line}; the cases
 * that could be read are still returned.
 */
public final class RuleTestFiles {
  static final List<String> TOP_KEYS = List.of("version", "tests");
  static final List<String> TEST_KEYS =
      List.of("name", "description", "alerts", "alerts_file", "expect");
  static final List<String> EXPECT_KEYS = List.of("composites", "no_composite", "groups");
  static final List<String> COMPOSITE_KEYS =
      List.of("case", "severity", "context", "escalated", "related_cases");
  static final List<String> CONTEXT_KEYS =
      List.of(
          "hostname",
          "container_id",
          "container_name",
          "image",
          "k8s_ns_name",
          "k8s_pod_name",
          "scope");
  static final List<String> GROUP_KEYS = List.of("alert", "must", "must_not");

  /** A test file is read whole: bigger inline streams belong in an alerts file. */
  static final long MAX_FILE_BYTES = 4L << 20;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Problems problems;
  private final AlertReader reader = new AlertReader();

  public RuleTestFiles(Problems problems) {
    this.problems = problems;
  }

  /** The cases under every path, in order. */
  public List<RuleTest> load(List<Path> paths) {
    List<RuleTest> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        // Links followed (a linked test directory is common); the JDK refuses link cycles.
        try (Stream<Path> files = Files.walk(p, 8, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            String name = f.getFileName().toString();
            if (name.endsWith(".yaml")
                || name.endsWith(".yml")
                || name.endsWith(".expected.json")) {
              out.addAll(loadFile(f));
            }
          }
        } catch (IOException | java.io.UncheckedIOException e) {
          problems.add(new Problem(p.toString(), 0, "", "cannot list: " + e.getMessage()));
        }
      } else if (Files.isRegularFile(p)) {
        out.addAll(loadFile(p));
      } else {
        problems.add(new Problem(p.toString(), 0, "", "no such file or directory"));
      }
    }
    return out;
  }

  private List<RuleTest> loadFile(Path f) {
    try {
      if (Files.size(f) > MAX_FILE_BYTES) {
        problems.add(
            new Problem(
                f.toString(),
                0,
                "",
                "larger than "
                    + (MAX_FILE_BYTES >> 20)
                    + " MiB: put the alerts in an alerts_file"));
        return List.of();
      }
      return f.getFileName().toString().endsWith(".expected.json") ? scenario(f) : yaml(f);
    } catch (IOException e) {
      problems.add(new Problem(f.toString(), 0, "", "cannot read: " + e.getMessage()));
      return List.of();
    }
  }

  /** A scenario pair of test-fixtures/: the composites named in the expected file, in order. */
  private List<RuleTest> scenario(Path expected) throws IOException {
    String name = expected.getFileName().toString().replace(".expected.json", "");
    Path dir = expected.toAbsolutePath().getParent();
    Path alerts =
        Files.exists(dir.resolve(name + ".ndjson"))
            ? dir.resolve(name + ".ndjson")
            : dir.resolve(name + ".json");
    if (!Files.exists(alerts)) {
      problems.add(
          new Problem(
              expected.toString(), 0, "", "no " + name + ".ndjson or " + name + ".json beside it"));
      return List.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(expected.toFile());
    } catch (tools.jackson.core.JacksonException e) {
      problems.add(
          new Problem(expected.toString(), 0, "", "invalid JSON: " + e.getOriginalMessage()));
      return List.of();
    }
    List<RuleTest.ExpectedComposite> composites = new ArrayList<>();
    for (JsonNode c : root.path("composites")) {
      Map<String, String> context = new LinkedHashMap<>();
      context.put("hostname", c.path("hostname").asString());
      context.put("container_id", c.path("container_id").asString());
      List<String> related = new ArrayList<>();
      c.path("related_cases").forEach(r -> related.add(r.asString()));
      composites.add(
          new RuleTest.ExpectedComposite(
              c.path("case").asString(),
              c.path("severity").asString(),
              context,
              c.path("escalated").asBoolean(false),
              related));
    }
    return List.of(
        new RuleTest(
            name,
            expected.toString(),
            expected + ":1",
            List.of(),
            Optional.of(alerts),
            Optional.of(composites),
            List.of()));
  }

  private List<RuleTest> yaml(Path f) throws IOException {
    String file = f.toString();
    Optional<YamlNode> root =
        YamlNode.parse(
            file, Files.newBufferedReader(f, java.nio.charset.StandardCharsets.UTF_8), problems);
    if (root.isEmpty()) {
      return List.of();
    }
    // Structure from the schema editors use: a case that fails it is reported and skipped, the
    // others run.
    Problems structural = new Problems();
    YamlSchema.RULES_TEST.check(root.get(), structural);
    List<Problem> fileLevel =
        structural.list().stream().filter(p -> !p.path().startsWith("tests[")).toList();
    if (!fileLevel.isEmpty()) {
      fileLevel.forEach(problems::add);
      return List.of();
    }
    Map<String, YamlNode> top = root.get().entries(problems, TOP_KEYS);
    List<RuleTest> out = new ArrayList<>();
    if (top.containsKey("tests")) {
      List<YamlNode> items = top.get("tests").items(problems, false);
      for (int i = 0; i < items.size(); i++) {
        String prefix = "tests[" + i + "]";
        List<Problem> own =
            structural.list().stream().filter(p -> p.path().startsWith(prefix)).toList();
        if (own.isEmpty()) {
          test(items.get(i), f).ifPresent(out::add);
        } else {
          own.forEach(problems::add);
        }
      }
    }
    return out;
  }

  private Optional<RuleTest> test(YamlNode node, Path file) {
    Map<String, YamlNode> t = node.entries(problems, TEST_KEYS);
    int before = problems.size();
    String name = t.containsKey("name") ? t.get("name").nonBlank(problems).orElse("") : "";
    List<FalcoAlert> inline = new ArrayList<>();
    if (t.containsKey("alerts")) {
      for (YamlNode a : t.get("alerts").items(problems, false)) {
        alert(a).ifPresent(inline::add);
      }
    }
    Optional<Path> alertsFile = Optional.empty();
    if (t.containsKey("alerts_file")) {
      Optional<String> rel = t.get("alerts_file").nonBlank(problems);
      if (rel.isPresent()) {
        Path resolved = file.toAbsolutePath().getParent().resolve(rel.get()).normalize();
        if (!Files.isRegularFile(resolved)) {
          problems.add(t.get("alerts_file"), "no such file: " + resolved);
        }
        alertsFile = Optional.of(resolved);
      }
    }
    if (t.containsKey("alerts") == t.containsKey("alerts_file")) {
      problems.add(
          node,
          "give exactly one of \"alerts\" (inline) or \"alerts_file\" (a path relative to this file)");
    }
    Map<String, YamlNode> e =
        t.containsKey("expect") ? t.get("expect").entries(problems, EXPECT_KEYS) : Map.of();
    Optional<List<RuleTest.ExpectedComposite>> composites = Optional.empty();
    if (e.containsKey("composites")) {
      List<RuleTest.ExpectedComposite> list = new ArrayList<>();
      for (YamlNode c : e.get("composites").items(problems, false)) {
        composite(c).ifPresent(list::add);
      }
      composites = Optional.of(list);
    }
    if (e.containsKey("no_composite") && e.get("no_composite").bool(problems).orElse(false)) {
      if (composites.isPresent() && !composites.get().isEmpty()) {
        problems.add(e.get("no_composite"), "no_composite contradicts the composites listed");
      }
      composites = Optional.of(List.of());
    }
    List<RuleTest.GroupExpectation> groups = new ArrayList<>();
    if (e.containsKey("groups")) {
      for (YamlNode g : e.get("groups").items(problems, false)) {
        group(g, inline.size()).ifPresent(groups::add);
      }
    }
    if (composites.isEmpty() && groups.isEmpty() && problems.size() == before) {
      problems.add(
          node, "expects nothing: give expect.composites, expect.no_composite or expect.groups");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new RuleTest(
            name,
            file.toString(),
            node.file() + ":" + node.line(),
            inline,
            alertsFile,
            composites,
            groups));
  }

  private Optional<FalcoAlert> alert(YamlNode node) {
    Object plain = node.plain(problems);
    try {
      return Optional.of(reader.parseOne(JSON.writeValueAsBytes(plain)));
    } catch (MalformedAlertException ex) {
      problems.add(node, "not a valid Falco alert: " + ex.getMessage());
      return Optional.empty();
    }
  }

  private Optional<RuleTest.ExpectedComposite> composite(YamlNode node) {
    Map<String, YamlNode> c = node.entries(problems, COMPOSITE_KEYS);
    if (!c.containsKey("case")) {
      problems.add(node, "missing required key \"case\" (a case id or name)");
      return Optional.empty();
    }
    String caseRef = c.get("case").nonBlank(problems).orElse("");
    String severity =
        c.containsKey("severity") ? c.get("severity").nonBlank(problems).orElse(null) : null;
    Map<String, String> context = new LinkedHashMap<>();
    if (c.containsKey("context")) {
      c.get("context")
          .entries(problems, CONTEXT_KEYS)
          .forEach((k, v) -> v.string(problems).ifPresent(s -> context.put(k, s)));
    }
    Boolean escalated =
        c.containsKey("escalated") ? c.get("escalated").bool(problems).orElse(null) : null;
    List<String> related =
        c.containsKey("related_cases") ? c.get("related_cases").strings(problems) : null;
    return Optional.of(
        new RuleTest.ExpectedComposite(caseRef, severity, context, escalated, related));
  }

  private Optional<RuleTest.GroupExpectation> group(YamlNode node, int inlineAlerts) {
    Map<String, YamlNode> g = node.entries(problems, GROUP_KEYS);
    if (!g.containsKey("alert")) {
      problems.add(
          node, "missing required key \"alert\" (the alert's 1-based position in the stream)");
      return Optional.empty();
    }
    Optional<Long> at = g.get("alert").integer(problems, 1, 1_000_000);
    List<ActivityGroup> must =
        g.containsKey("must") ? MappingCompiler.groups(g.get("must"), problems, true) : List.of();
    List<ActivityGroup> mustNot =
        g.containsKey("must_not")
            ? MappingCompiler.groups(g.get("must_not"), problems, true)
            : List.of();
    if (at.isPresent() && inlineAlerts > 0 && at.get() > inlineAlerts) {
      problems.add(
          g.get("alert"),
          "alert " + at.get() + " does not exist: the test has " + inlineAlerts + " alert(s)");
    }
    return at.map(
        n ->
            new RuleTest.GroupExpectation(
                n.intValue(), must, mustNot, node.file() + ":" + node.line()));
  }
}
