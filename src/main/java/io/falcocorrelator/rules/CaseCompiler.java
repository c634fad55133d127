package io.falcocorrelator.rules;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.MappingCompiler;
import io.falcocorrelator.yaml.Durations;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Compiles the {@code cases:} list of a rules file into {@link CaseDefinition}s. */
final class CaseCompiler {
  static final List<String> CASE_KEYS =
      List.of("id", "name", "severity", "groups", "window", "description", "mitre", "triage");

  /**
   * Default window: 30 minutes. Escapes are run by hand through one or more {@code kubectl exec}
   * sessions; minutes pass between enumeration and the vector, rarely half an hour. A longer window
   * joins unrelated activity in long-lived containers.
   */
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);

  private final Problems problems;
  private final Set<String> ids = new HashSet<>();
  private final Set<String> names = new HashSet<>();
  private final Map<String, String> origins = new java.util.HashMap<>();

  CaseCompiler(Problems problems) {
    this.problems = problems;
  }

  List<CaseDefinition> compile(YamlNode list) {
    List<CaseDefinition> out = new ArrayList<>();
    for (YamlNode item : list.items(problems, false)) {
      compileCase(item).ifPresent(out::add);
    }
    return out;
  }

  private Optional<CaseDefinition> compileCase(YamlNode node) {
    Map<String, YamlNode> c = node.entries(problems, CASE_KEYS);
    if (!node.isMap()) {
      return Optional.empty();
    }
    int before = problems.size();
    String id = required(node, c, "id").flatMap(n -> n.nonBlank(problems)).orElse(null);
    if (id != null && !id.matches("[a-z0-9_]+")) {
      problems.add(c.get("id"), "id must be snake_case (a-z, 0-9, _): \"" + id + "\"");
    } else if (id != null && !ids.add(id)) {
      problems.add(c.get("id"), "duplicate case id \"" + id + "\"");
    }
    String name = required(node, c, "name").flatMap(n -> n.nonBlank(problems)).orElse(null);
    if (name != null && !names.add(name)) {
      problems.add(c.get("name"), "duplicate case name \"" + name + "\"");
    }
    Severity severity =
        required(node, c, "severity")
            .flatMap(
                n ->
                    n.string(problems)
                        .flatMap(
                            s -> {
                              Optional<Severity> sev = Severity.parse(s);
                              if (sev.isEmpty()) {
                                problems.add(
                                    n,
                                    "unknown severity \""
                                        + s
                                        + "\" (expected Critical, High or Medium)");
                              }
                              return sev;
                            }))
            .orElse(null);
    List<ActivityGroup> groups = required(node, c, "groups").map(this::groups).orElse(List.of());
    Duration window =
        c.containsKey("window")
            ? Durations.positive(c.get("window"), problems).orElse(null)
            : DEFAULT_WINDOW;
    String description =
        c.containsKey("description") ? c.get("description").string(problems).orElse("") : "";
    List<String> mitre = c.containsKey("mitre") ? c.get("mitre").strings(problems) : List.of();
    List<String> triage = c.containsKey("triage") ? c.get("triage").strings(problems) : List.of();
    if (problems.size() > before || groups.isEmpty() || window == null) {
      return Optional.empty();
    }
    origins.put(id, node.file() + ":" + node.line());
    return Optional.of(
        new CaseDefinition(id, name, severity, groups, window, description.trim(), mitre, triage));
  }

  /** {@code file:line} of every case compiled, by id. */
  Map<String, String> origins() {
    return origins;
  }

  private List<ActivityGroup> groups(YamlNode node) {
    return MappingCompiler.groups(node, problems, true);
  }

  /** Appends the steps common to every case after each case's own, vector-specific steps. */
  List<CaseDefinition> withCommonTriage(List<CaseDefinition> cases, List<String> common) {
    if (common.isEmpty()) {
      return cases;
    }
    List<CaseDefinition> out = new ArrayList<>();
    for (CaseDefinition c : cases) {
      List<String> triage = new ArrayList<>(c.triage());
      triage.addAll(common);
      out.add(
          new CaseDefinition(
              c.id(),
              c.name(),
              c.severity(),
              c.groups(),
              c.window(),
              c.description(),
              c.mitre(),
              triage));
    }
    return out;
  }

  private Optional<YamlNode> required(YamlNode parent, Map<String, YamlNode> entries, String key) {
    YamlNode n = entries.get(key);
    if (n == null) {
      problems.add(parent, "missing required key \"" + key + "\"");
    }
    return Optional.ofNullable(n);
  }
}
