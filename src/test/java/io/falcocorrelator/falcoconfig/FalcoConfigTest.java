package io.falcocorrelator.falcoconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.mapping.Classifier;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.TestAlerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Falco-side kit in falco-config/ is consistent with Falco's stock rules and with our mappings.
 */
class FalcoConfigTest {
  static final Path CUSTOM = Path.of("falco-config/container-escape-rules.yaml");
  static final Path STOCK = Path.of("../shared/falco-reference");
  static final List<String> OWN_OUTPUT_FIELDS =
      List.of(
          "container.id",
          "container.name",
          "container.image.repository",
          "container.image.tag",
          "k8s.ns.name",
          "k8s.pod.name",
          "container.privileged",
          "proc.pid",
          "proc.is_exe_upper_layer",
          "proc.name",
          "proc.exepath",
          "proc.pname");
  static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "not",
          "in",
          "intersects",
          "pmatch",
          "glob",
          "startswith",
          "endswith",
          "contains",
          "icontains",
          "bcontains",
          "exists",
          "true",
          "false",
          "val");
  static final Set<String> OPERATORS =
      Set.of(
          "=",
          "==",
          "!=",
          "<",
          "<=",
          ">",
          ">=",
          "startswith",
          "endswith",
          "contains",
          "icontains",
          "bcontains",
          "glob",
          "iglob",
          "regex");

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(Path file) throws Exception {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    return doc == null ? List.of() : (List<Map<String, Object>>) doc;
  }

  /** Macro and list names defined in the stock rules (shared/, when present) and in our file. */
  static Set<String> definitions(boolean withStock) throws Exception {
    Set<String> names = new HashSet<>();
    List<Path> files = new ArrayList<>(List.of(CUSTOM));
    if (withStock) {
      for (String f :
          new String[] {
            "falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"
          }) {
        files.add(STOCK.resolve(f));
      }
    }
    for (Path f : files) {
      for (Map<String, Object> item : items(f)) {
        for (String kind : new String[] {"macro", "list"}) {
          if (item.containsKey(kind)) {
            names.add(String.valueOf(item.get(kind)));
          }
        }
      }
    }
    return names;
  }

  /**
   * Bare identifiers in a condition that must name a macro or list: not fields, keywords or values.
   */
  static List<String> references(String condition) {
    String noStrings = condition.replaceAll("\"[^\"]*\"", " \"\" ").replaceAll("'[^']*'", " '' ");
    Matcher tokens =
        Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\[\\]/*-]*|[=!<>]=?|\\(|\\)|,").matcher(noStrings);
    List<String> all = new ArrayList<>();
    while (tokens.find()) {
      all.add(tokens.group());
    }
    List<String> refs = new ArrayList<>();
    int depthInValues = 0;
    for (int i = 0; i < all.size(); i++) {
      String t = all.get(i);
      String prev = i == 0 ? "" : all.get(i - 1);
      if (t.equals("(")) {
        if (depthInValues > 0 || Set.of("in", "intersects", "pmatch").contains(prev)) {
          depthInValues++;
        }
        continue;
      }
      if (t.equals(")")) {
        depthInValues = Math.max(0, depthInValues - 1);
        continue;
      }
      boolean bare = t.matches("[a-z_][a-z0-9_]*");
      if (!bare || KEYWORDS.contains(t) || OPERATORS.contains(prev)) {
        continue;
      }
      if (depthInValues > 0) {
        // Inside in (...): a list name or a literal value; only names that look like lists are
        // checked.
        if (t.contains("_")
            && (t.endsWith("binaries")
                || t.endsWith("prefixes")
                || t.startsWith("known_")
                || t.startsWith("user_"))) {
          refs.add(t);
        }
        continue;
      }
      refs.add(t);
    }
    return refs;
  }

  @Test
  void everyMacroAndListTheCustomRulesUseExists() throws Exception {
    boolean stock = Files.isDirectory(STOCK);
    Set<String> defined = definitions(stock);
    Set<String> stockOnly =
        Set.of("open_read", "open_write", "spawned_process", "container", "never_true");
    if (stock) {
      assertThat(defined).containsAll(stockOnly);
    }
    List<String> missing = new ArrayList<>();
    for (Map<String, Object> item : items(CUSTOM)) {
      Object condition = item.get("condition");
      if (condition == null) {
        continue;
      }
      for (String ref : references(String.valueOf(condition))) {
        if (!defined.contains(ref) && !(!stock && stockOnly.contains(ref))) {
          missing.add(
              (item.containsKey("rule") ? item.get("rule") : item.get("macro")) + ": " + ref);
        }
      }
    }
    assertThat(missing).as("undefined macros or lists").isEmpty();
  }

  @Test
  void theReferenceCheckFindsUndefinedNames() {
    assertThat(
            references(
                "spawned_process and container and proc.name in (nsenter, unshare) and not my_macro"))
        .containsExactly("spawned_process", "container", "my_macro");
    assertThat(
            references(
                "fd.name glob \"/proc/*/status\" or proc.exepath pmatch (known_hidden_exec_path_prefixes)"))
        .containsExactly("known_hidden_exec_path_prefixes");
    assertThat(references("proc.name = nohup and evt.rawres>=0 and fd.typechar='u'")).isEmpty();
  }

  @Test
  void everyCustomRuleIsKnownToTheDefaultMappingsAndTagged() throws Exception {
    Classifier classifier = RulesLoader.embedded().classifier();
    List<String> rules = new ArrayList<>();
    for (Map<String, Object> item : items(CUSTOM)) {
      if (!item.containsKey("rule")) {
        continue;
      }
      String rule = String.valueOf(item.get("rule"));
      rules.add(rule);
      assertThat(classifier.classify(TestAlerts.alert(rule).build())).as(rule).isNotEmpty();
      @SuppressWarnings("unchecked")
      List<String> tags = (List<String>) item.get("tags");
      assertThat(tags)
          .as(rule)
          .contains("container_escape")
          .anySatisfy(t -> assertThat(t).matches("T[A0-9][0-9]{3}(\\.[0-9]{3})?"));
      String output = String.valueOf(item.get("output"));
      assertThat(output).as(rule).contains("command=%proc.cmdline");
      // Falco 0.40 adds no container field to a custom rule's alert (suggested_output is 0.41+):
      // each rule prints what the context key, the enrichment and the field mappings read.
      for (String field : OWN_OUTPUT_FIELDS) {
        assertThat(
                Pattern.compile("=%" + Pattern.quote(field) + "(?![A-Za-z0-9_.\\[])")
                    .matcher(output)
                    .find())
            .as(rule + " prints " + field)
            .isTrue();
      }
      String condition = String.valueOf(item.get("condition"));
      assertThat(condition).as(rule).contains("user_known_");
      boolean hostRule = Pattern.compile("\\bnot container(?![\\w.])").matcher(condition).find();
      if (!hostRule) {
        assertThat(condition)
            .as(rule + " excludes the runtime's own start-up work")
            .contains("not container_runtime_housekeeping");
      }
    }
    assertThat(rules)
        .contains(
            "Container Environment Enumeration by Upper Layer Process",
            "Container Management Socket Discovery",
            "Container Runtime Client or Socket Request in Container",
            "Process Hiding via /proc Mount in Container",
            "Host Filesystem Mount in Container",
            "Namespace Tool Launched in Container",
            "Kernel Core Pattern Modified from Container",
            "Nohup Execution in Container",
            "Hidden File Executed in Container");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theFalcoDropInSetsWhatTheMappingsNeed() throws Exception {
    Map<String, Object> falco =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(Path.of("falco-config/falco.yaml")));
    assertThat(falco).containsEntry("json_output", true).containsEntry("rule_matching", "all");
    assertThat((List<String>) falco.get("rules_files"))
        .containsSubsequence("/etc/falco/falco_rules.yaml", "/etc/falco/rules.d");
    // 0.40 rejects this 0.41 key in its schema check; 0.41 defaults it to true.
    assertThat(falco).doesNotContainKey("json_include_output_fields_property");
    String appended = String.valueOf(falco.get("append_output"));
    for (String field :
        new String[] {
          "suggested_output=true",
          "container.id",
          "container.name",
          "container.image.repository",
          "container.image.tag",
          "k8s.ns.name",
          "k8s.pod.name",
          "container.privileged",
          "proc.is_exe_upper_layer",
          "evt.arg.pid"
        }) {
      assertThat(appended).contains(field);
    }
    Map<String, Object> http = (Map<String, Object>) falco.get("http_output");
    assertThat(http).containsEntry("enabled", true);
    assertThat(String.valueOf(http.get("url")))
        .contains(":2804/")
        .contains("falco:${FALCO_CORRELATOR_PASSWORD}@");
    Map<String, Object> helm =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(Path.of("falco-config/helm-values.yaml")));
    Map<String, Object> helmFalco = (Map<String, Object>) helm.get("falco");
    assertThat(helmFalco.get("append_output")).isEqualTo(falco.get("append_output"));
    assertThat(helmFalco.get("rules_files")).isEqualTo(falco.get("rules_files"));
    assertThat(String.valueOf(((Map<String, Object>) helmFalco.get("http_output")).get("url")))
        .contains(":2804/");
    Map<String, Object> sidekick =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(Path.of("falco-config/falcosidekick.yaml")));
    assertThat(String.valueOf(((Map<String, Object>) sidekick.get("webhook")).get("customheaders")))
        .startsWith("Authorization:Bearer ");
  }
}
