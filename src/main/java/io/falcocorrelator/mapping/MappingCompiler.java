package io.falcocorrelator.mapping;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.falcocorrelator.event.Priority;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.YamlNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles the {@code mappings:} and {@code exceptions:} lists of a rules file into {@link
 * Mapping}s, reporting every problem with file, line and path. See {@code docs/mappings.md} for the
 * format.
 */
public final class MappingCompiler {
  static final List<String> ENTRY_KEYS = List.of("id", "description", "groups", "match");
  static final List<String> MATCH_KEYS =
      List.of("rule", "source", "tags", "min_priority", "fields", "all", "any", "not");
  static final List<String> TAG_KEYS = List.of("any", "all");
  static final List<String> OPERATORS =
      List.of(
          "equals",
          "in",
          "prefix",
          "suffix",
          "contains",
          "glob",
          "regex",
          "exists",
          "gt",
          "gte",
          "lt",
          "lte");
  private static final int MAX_PATTERN_LENGTH = 2000;

  private final Problems problems;
  private final Set<String> ids = new HashSet<>();

  public MappingCompiler(Problems problems) {
    this.problems = problems;
  }

  /**
   * Compiles a list of entries; {@code exception} entries may omit {@code groups} (= all groups).
   */
  public List<Mapping> compile(YamlNode list, boolean exception) {
    List<Mapping> out = new ArrayList<>();
    for (YamlNode item : list.items(problems, false)) {
      entry(item, exception).ifPresent(out::add);
    }
    return out;
  }

  private Optional<Mapping> entry(YamlNode node, boolean exception) {
    Map<String, YamlNode> e = node.entries(problems, ENTRY_KEYS);
    if (!node.isMap()) {
      return Optional.empty();
    }
    String id = require(node, e, "id").flatMap(n -> n.nonBlank(problems)).orElse(null);
    if (id != null && !ids.add(id)) {
      problems.add(e.get("id"), "duplicate id \"" + id + "\"");
    }
    String description =
        e.containsKey("description") ? e.get("description").string(problems).orElse("") : "";
    List<ActivityGroup> groups = new ArrayList<>();
    if (e.containsKey("groups")) {
      groups = groups(e.get("groups"));
    } else if (exception) {
      groups = Arrays.asList(ActivityGroup.values());
    } else {
      problems.add(node, "missing required key \"groups\"");
    }
    AlertMatcher match = require(node, e, "match").map(this::match).orElse(null);
    if (id == null || match == null || groups.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Mapping(id, description, groups, match, node.file() + ":" + node.line()));
  }

  private List<ActivityGroup> groups(YamlNode node) {
    return groups(node, problems, false);
  }

  /**
   * A list of group ids (a single id is accepted as a one-item list): unknown ids are problems, and
   * so is an empty list; repeats are problems when {@code strict}, else ignored.
   */
  public static List<ActivityGroup> groups(YamlNode node, Problems problems, boolean strict) {
    List<ActivityGroup> groups = new ArrayList<>();
    List<YamlNode> items = node.items(problems, !strict);
    for (YamlNode item : items) {
      item.nonBlank(problems)
          .ifPresent(
              id -> {
                Optional<ActivityGroup> g = ActivityGroup.fromId(id);
                if (g.isEmpty()) {
                  problems.add(
                      item,
                      "unknown group \""
                          + id
                          + "\""
                          + io.falcocorrelator.yaml.Suggestions.didYouMean(
                                  id,
                                  java.util.Arrays.stream(ActivityGroup.values())
                                      .map(ActivityGroup::id)
                                      .toList())
                              .map(s -> " (did you mean \"" + s + "\"?)")
                              .orElse("")
                          + " (groups: "
                          + ActivityGroup.ids()
                          + ")");
                } else if (!groups.contains(g.get())) {
                  groups.add(g.get());
                } else if (strict) {
                  problems.add(item, "group \"" + id + "\" listed twice");
                }
              });
    }
    if (node.isList() && items.isEmpty()) {
      problems.add(node, "must name at least one group");
    }
    return groups;
  }

  /** A match block: every key present must hold (AND). */
  AlertMatcher match(YamlNode node) {
    Map<String, YamlNode> m = node.entries(problems, MATCH_KEYS);
    if (node.isMap() && m.isEmpty()) {
      problems.add(node, "empty match: name at least one of " + String.join(", ", MATCH_KEYS));
    }
    List<AlertMatcher> parts = new ArrayList<>();
    m.forEach(
        (key, value) -> {
          switch (key) {
            case "rule":
              condition(value).ifPresent(c -> parts.add(new AlertMatcher.Rule(c)));
              break;
            case "source":
              condition(value).ifPresent(c -> parts.add(new AlertMatcher.Source(c)));
              break;
            case "tags":
              tags(value).ifPresent(parts::add);
              break;
            case "min_priority":
              minPriority(value).ifPresent(parts::add);
              break;
            case "fields":
              value
                  .freeEntries(problems)
                  .forEach(
                      (field, cond) ->
                          condition(cond)
                              .ifPresent(
                                  c -> parts.add(new AlertMatcher.Field(field.intern(), c))));
              break;
            case "all":
              parts.add(new AlertMatcher.All(subMatches(value)));
              break;
            case "any":
              parts.add(new AlertMatcher.Any(subMatches(value)));
              break;
            default:
              parts.add(new AlertMatcher.Not(match(value)));
              break;
          }
        });
    // Rule conditions first: they are the cheapest test and the classifier's index key.
    parts.sort(
        (a, b) ->
            Boolean.compare(!(a instanceof AlertMatcher.Rule), !(b instanceof AlertMatcher.Rule)));
    return parts.size() == 1 ? parts.get(0) : new AlertMatcher.All(parts);
  }

  private List<AlertMatcher> subMatches(YamlNode list) {
    List<AlertMatcher> out = new ArrayList<>();
    for (YamlNode item : list.items(problems, false)) {
      out.add(match(item));
    }
    if (out.isEmpty() && list.isList()) {
      problems.add(list, "must hold at least one match block");
    }
    return out;
  }

  private Optional<AlertMatcher> tags(YamlNode node) {
    if (node.isMap()) {
      Map<String, YamlNode> t = node.entries(problems, TAG_KEYS);
      if (t.size() != 1) {
        problems.add(node, "expected exactly one of any, all");
        return Optional.empty();
      }
      Map.Entry<String, YamlNode> only = t.entrySet().iterator().next();
      return Optional.of(
          new AlertMatcher.Tags(
              new LinkedHashSet<>(only.getValue().strings(problems)), only.getKey().equals("all")));
    }
    return Optional.of(new AlertMatcher.Tags(new LinkedHashSet<>(node.strings(problems)), false));
  }

  private Optional<AlertMatcher> minPriority(YamlNode node) {
    return node.string(problems)
        .flatMap(
            text -> {
              Optional<Priority> p = Priority.parse(text);
              if (p.isEmpty()) {
                problems.add(
                    node,
                    "unknown priority \""
                        + text
                        + "\" (expected Emergency, Alert, Critical, Error, Warning, Notice, Informational or Debug)");
              }
              return p.map(AlertMatcher.MinPriority::new);
            });
  }

  /** A value condition: a scalar (equals), a list (in) or a map of operators (all must hold). */
  Optional<FieldCondition> condition(YamlNode node) {
    if (node.isList()) {
      Set<String> texts = new LinkedHashSet<>();
      for (YamlNode item : node.items(problems, false)) {
        item.typedScalar(problems).ifPresent(v -> texts.add(String.valueOf(v)));
      }
      return Optional.of(new FieldCondition.In(texts));
    }
    if (!node.isMap()) {
      return node.typedScalar(problems).map(FieldCondition.Equals::new);
    }
    int before = problems.size();
    Map<String, YamlNode> ops = node.entries(problems, OPERATORS);
    if (ops.isEmpty()) {
      if (problems.size() == before) {
        problems.add(node, "empty condition: name one of " + String.join(", ", OPERATORS));
      }
      return Optional.empty();
    }
    List<FieldCondition> conditions = new ArrayList<>();
    ops.forEach((op, value) -> operator(op, value).ifPresent(conditions::add));
    if (conditions.size() != ops.size()) {
      return Optional.empty();
    }
    return Optional.of(
        conditions.size() == 1 ? conditions.get(0) : new FieldCondition.AllOf(conditions));
  }

  private Optional<FieldCondition> operator(String op, YamlNode value) {
    switch (op) {
      case "equals":
        return value.typedScalar(problems).map(FieldCondition.Equals::new);
      case "in":
        return condition(value.isList() ? value : listRequired(value));
      case "prefix":
        return strings(value)
            .map(s -> new FieldCondition.Affix(FieldCondition.Affix.Kind.PREFIX, s));
      case "suffix":
        return strings(value)
            .map(s -> new FieldCondition.Affix(FieldCondition.Affix.Kind.SUFFIX, s));
      case "contains":
        return strings(value)
            .map(s -> new FieldCondition.Affix(FieldCondition.Affix.Kind.CONTAINS, s));
      case "glob":
        return patterns(op, value, true);
      case "regex":
        return patterns(op, value, false);
      case "exists":
        return value.bool(problems).map(FieldCondition.Exists::new);
      default:
        return compare(op, value);
    }
  }

  private YamlNode listRequired(YamlNode value) {
    problems.add(value, "\"in\" expects a list, found " + value.kind());
    return value;
  }

  private Optional<List<String>> strings(YamlNode value) {
    List<String> s = value.strings(problems);
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private Optional<FieldCondition> patterns(String op, YamlNode value, boolean glob) {
    List<String> sources = new ArrayList<>();
    List<Pattern> compiled = new ArrayList<>();
    for (YamlNode item : value.items(problems, true)) {
      Optional<String> text = item.nonBlank(problems);
      if (text.isEmpty()) {
        continue;
      }
      if (text.get().length() > MAX_PATTERN_LENGTH) {
        problems.add(item, op + " longer than " + MAX_PATTERN_LENGTH + " characters");
        continue;
      }
      try {
        compiled.add(glob ? FieldCondition.Patterns.glob(text.get()) : Pattern.compile(text.get()));
        sources.add(text.get());
      } catch (PatternSyntaxException e) {
        problems.add(
            item,
            "invalid regex: "
                + e.getDescription()
                + " (RE2 syntax: no backreferences or lookaround)");
      }
    }
    if (compiled.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FieldCondition.Patterns(op, sources, compiled, glob));
  }

  private Optional<FieldCondition> compare(String op, YamlNode value) {
    Optional<Object> v = value.typedScalar(problems);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!(v.get() instanceof Number)) {
      problems.add(value, "\"" + op + "\" expects a number, found " + value.kind());
      return Optional.empty();
    }
    FieldCondition.Compare.Op o =
        FieldCondition.Compare.Op.valueOf(op.toUpperCase(java.util.Locale.ROOT));
    return Optional.of(new FieldCondition.Compare(o, ((Number) v.get()).doubleValue()));
  }

  private Optional<YamlNode> require(YamlNode parent, Map<String, YamlNode> entries, String key) {
    YamlNode n = entries.get(key);
    if (n == null && parent.isMap()) {
      problems.add(parent, "missing required key \"" + key + "\"");
    }
    return Optional.ofNullable(n);
  }
}
