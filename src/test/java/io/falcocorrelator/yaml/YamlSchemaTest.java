package io.falcocorrelator.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The editor schemas: complete, shipped in the jar, linked from the YAML, and what validate checks
 * with.
 */
class YamlSchemaTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static List<Problem> check(YamlSchema schema, String yaml) {
    Problems problems = new Problems();
    YamlNode root = YamlNode.parse("f.yaml", new StringReader(yaml), problems).orElseThrow();
    schema.check(root, problems);
    return problems.list();
  }

  @Test
  void theShippedRulesAndTestsAreValidAndLinkTheirSchema() throws Exception {
    for (Path dir : List.of(Path.of("rules-yaml"), Path.of("rules-tests"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
          String text = Files.readString(f);
          String schema =
              dir.endsWith("rules-yaml") ? "rules.schema.json" : "rules-test.schema.json";
          assertThat(text.lines().findFirst().orElse(""))
              .as(f.toString())
              .isEqualTo("# yaml-language-server: $schema=../schemas/" + schema);
          assertThat(f.getParent().resolve("../schemas/" + schema).normalize()).exists();
          Problems problems = new Problems();
          YamlNode root =
              YamlNode.parse(f.toString(), new StringReader(text), problems).orElseThrow();
          (dir.endsWith("rules-yaml") ? YamlSchema.RULES : YamlSchema.RULES_TEST)
              .check(root, problems);
          assertThat(problems.list()).as(f.toString()).isEmpty();
        }
      }
    }
  }

  @Test
  void theJarCarriesTheSameSchemasAsTheTopLevelFolder() throws Exception {
    for (String name : List.of("rules.schema.json", "rules-test.schema.json")) {
      try (InputStream in = YamlSchema.class.getResourceAsStream("/schemas/" + name)) {
        assertThat(in).as(name).isNotNull();
        assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo(Files.readString(Path.of("schemas", name)));
      }
    }
  }

  @Test
  void everyPropertyHasADescriptionAndExamples() throws Exception {
    for (String name : List.of("rules.schema.json", "rules-test.schema.json")) {
      JsonNode root = MAPPER.readTree(Path.of("schemas", name).toFile());
      List<String> missing = new ArrayList<>();
      walk(root, name, missing);
      assertThat(missing).as(name).isEmpty();
    }
  }

  private static void walk(JsonNode node, String at, List<String> missing) {
    if (!node.isObject()) {
      return;
    }
    JsonNode props = node.path("properties");
    props
        .propertyNames()
        .forEach(
            key -> {
              JsonNode p = props.path(key);
              if (!p.hasNonNull("description")
                  || !p.path("examples").isArray()
                  || p.path("examples").isEmpty()) {
                missing.add(at + "/" + key);
              }
            });
    node.propertyNames()
        .forEach(
            key -> {
              JsonNode child = node.path(key);
              if (child.isObject()) {
                walk(child, at + "/" + key, missing);
              } else if (child.isArray()) {
                child.forEach(c -> walk(c, at + "/" + key + "[]", missing));
              }
            });
  }

  @Test
  void schemaErrorsCarryTheLineThePathAndASuggestion() {
    List<Problem> p =
        check(
            YamlSchema.RULES,
            String.join(
                "\n",
                "version: 1",
                "mappings:",
                "  - id: a",
                "    groups: [ptrace_escape]",
                "    match:",
                "      tags: {al: [x]}",
                "      fields:",
                "        proc.name: {regexp: x}",
                "cases:",
                "  - {id: Bad, name: N, severity: Extreme, groups: [ptrace_escape]}",
                ""));
    assertThat(p)
        .extracting(Problem::toString)
        .contains(
            "f.yaml:6 mappings[0].match.tags.al: unknown key \"al\" (did you mean \"all\"?); allowed: any, all",
            "f.yaml:8 mappings[0].match.fields[proc.name].regexp: unknown key \"regexp\" (did you mean \"regex\"?); allowed: equals, in, prefix, suffix, contains, glob, regex, exists, gt, gte, lt, lte",
            "f.yaml:10 cases[0].severity: \"Extreme\" is not one of: Critical, High, Medium");
    assertThat(p).anySatisfy(x -> assertThat(x.toString()).startsWith("f.yaml:10 cases[0].id: "));
  }

  @Test
  void testFileSchemaFlagsWrongTypesWithTheirLine() {
    List<Problem> p =
        check(
            YamlSchema.RULES_TEST,
            "tests:\n  - name: x\n    alerts: [{rule: R, priority: Notice}]\n    expect: {groups: [{alert: first}]}\n");
    assertThat(p)
        .extracting(Problem::toString)
        .contains(
            "f.yaml:3 tests[0].alerts[0]: required property 'time' not found",
            "f.yaml:4 tests[0].expect.groups[0].alert: expected a whole number, found the string \"first\"");
  }
}
