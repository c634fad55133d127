package io.falcocorrelator.yaml;

import io.falcocorrelator.event.Text;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node that knows its file, line and path, so every error can say where it is. Files are
 * composed with SnakeYAML's safe loader into nodes only; nothing is ever constructed from tags,
 * duplicate keys are errors and aliases are capped (billion-laughs).
 */
public final class YamlNode {
  private final String file;
  private final Node node;
  private final String path;

  YamlNode(String file, Node node, String path) {
    this.file = file;
    this.node = node;
    this.path = path;
  }

  /** Parses one YAML document; syntax errors go to {@code problems} and yield empty. */
  public static Optional<YamlNode> parse(String file, Reader reader, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(8 * 1024 * 1024);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try (reader) {
      Node root = yaml.compose(reader);
      return root == null ? Optional.empty() : Optional.of(new YamlNode(file, root, ""));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      problems.add(new Problem(file, line, "", "invalid YAML: " + describe(e)));
    } catch (YAMLException | IOException e) {
      problems.add(new Problem(file, 0, "", "cannot read YAML: " + e.getMessage()));
    }
    return Optional.empty();
  }

  /** SnakeYAML's message, in the words a user fixing the file needs. */
  private static String describe(MarkedYAMLException e) {
    String problem = String.valueOf(e.getProblem());
    if (problem.contains("\\t") || problem.contains("\t")) {
      return "tab character: YAML indents with spaces only (" + problem + ")";
    }
    if (problem.contains("duplicate key")) {
      return problem;
    }
    return problem + (e.getContext() == null ? "" : " (" + e.getContext() + ")");
  }

  public String file() {
    return file;
  }

  /** The SnakeYAML node, for the schema check. */
  Node node() {
    return node;
  }

  /** 1-based line of the node's start. */
  public int line() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  public String path() {
    return path;
  }

  public boolean isMap() {
    return node instanceof MappingNode;
  }

  public boolean isList() {
    return node instanceof SequenceNode;
  }

  public boolean isScalar() {
    return node instanceof ScalarNode && !isNull();
  }

  public boolean isNull() {
    return node.getTag().equals(Tag.NULL);
  }

  /** Describes the node's kind for error messages. */
  public String kind() {
    if (isMap()) {
      return "a map";
    }
    if (isList()) {
      return "a list";
    }
    if (isNull()) {
      return "nothing (null)";
    }
    return "the scalar \"" + truncate(((ScalarNode) node).getValue()) + "\"";
  }

  /**
   * The entries of a map node in file order. Keys outside {@code allowed} are reported as unknown
   * (with the allowed set) and left out. Returns empty, with a problem, for a non-map.
   */
  public Map<String, YamlNode> entries(Problems problems, Collection<String> allowed) {
    Map<String, YamlNode> out = new LinkedHashMap<>();
    if (!isMap()) {
      problems.add(this, "expected a map, found " + kind());
      return out;
    }
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode)) {
        problems.add(new YamlNode(file, tuple.getKeyNode(), path), "keys must be plain strings");
        continue;
      }
      String key = ((ScalarNode) tuple.getKeyNode()).getValue();
      if (out.containsKey(key)) {
        // Composing does not reject duplicates; the later value would silently win.
        problems.add(
            new YamlNode(file, tuple.getKeyNode(), child(path, key)),
            "duplicate key \"" + truncate(key) + "\"");
        continue;
      }
      YamlNode child = new YamlNode(file, tuple.getValueNode(), child(path, key));
      if (allowed != null && !allowed.contains(key)) {
        problems.add(
            new YamlNode(file, tuple.getKeyNode(), child.path),
            "unknown key \""
                + truncate(key)
                + "\""
                + Suggestions.didYouMean(key, allowed)
                    .map(m -> " (did you mean \"" + m + "\"?)")
                    .orElse("")
                + " (allowed: "
                + String.join(", ", allowed)
                + ")");
        continue;
      }
      out.put(key, child);
    }
    return out;
  }

  /** The entries of a map whose keys are free-form (field names). */
  public Map<String, YamlNode> freeEntries(Problems problems) {
    return entries(problems, null);
  }

  /** The items of a list node; a scalar counts as a one-item list when {@code scalarAsList}. */
  public List<YamlNode> items(Problems problems, boolean scalarAsList) {
    List<YamlNode> out = new ArrayList<>();
    if (isList()) {
      List<Node> values = ((SequenceNode) node).getValue();
      for (int i = 0; i < values.size(); i++) {
        out.add(new YamlNode(file, values.get(i), path + "[" + i + "]"));
      }
    } else if (scalarAsList && isScalar()) {
      out.add(this);
    } else {
      problems.add(this, "expected a list, found " + kind());
    }
    return out;
  }

  /** The text of a scalar, or empty with a problem. */
  public Optional<String> string(Problems problems) {
    if (isScalar()) {
      return Optional.of(((ScalarNode) node).getValue());
    }
    problems.add(this, "expected a string, found " + kind());
    return Optional.empty();
  }

  /** A non-blank string, or empty with a problem. */
  public Optional<String> nonBlank(Problems problems) {
    Optional<String> s = string(problems);
    if (s.isPresent() && s.get().isBlank()) {
      problems.add(this, "must not be empty");
      return Optional.empty();
    }
    return s;
  }

  /** A list of non-blank strings; a single scalar is accepted as a one-item list. */
  public List<String> strings(Problems problems) {
    List<String> out = new ArrayList<>();
    for (YamlNode item : items(problems, true)) {
      item.nonBlank(problems).ifPresent(out::add);
    }
    return out;
  }

  /** A scalar's value typed by YAML's core schema: Boolean, Long, Double or String. */
  public Optional<Object> typedScalar(Problems problems) {
    if (!isScalar()) {
      problems.add(this, "expected a scalar value, found " + kind());
      return Optional.empty();
    }
    String text = ((ScalarNode) node).getValue();
    Tag tag = node.getTag();
    try {
      if (tag.equals(Tag.BOOL)) {
        return Optional.of(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
      }
      if (tag.equals(Tag.INT)) {
        return Optional.of(Long.parseLong(text.replace("_", "")));
      }
      if (tag.equals(Tag.FLOAT)) {
        return Optional.of(Double.parseDouble(text.replace("_", "")));
      }
    } catch (NumberFormatException e) {
      problems.add(this, "number out of range: " + truncate(text));
      return Optional.empty();
    }
    return Optional.of(text);
  }

  /** A boolean scalar, or empty with a problem. */
  public Optional<Boolean> bool(Problems problems) {
    Optional<Object> v = typedScalar(problems);
    if (v.isPresent() && !(v.get() instanceof Boolean)) {
      problems.add(this, "expected true or false, found " + kind());
      return Optional.empty();
    }
    return v.map(Boolean.class::cast);
  }

  /** A whole number within [min, max], or empty with a problem. */
  public Optional<Long> integer(Problems problems, long min, long max) {
    Optional<Object> v = typedScalar(problems);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!(v.get() instanceof Long) || (Long) v.get() < min || (Long) v.get() > max) {
      problems.add(
          this, "expected a whole number from " + min + " to " + max + ", found " + kind());
      return Optional.empty();
    }
    return Optional.of((Long) v.get());
  }

  /**
   * The node as plain Java data (maps in file order, lists, and scalars typed as by {@link
   * #typedScalar}; null for YAML null), e.g. to hand an inline alert to the JSON parser.
   */
  public Object plain(Problems problems) {
    if (isMap()) {
      Map<String, Object> out = new LinkedHashMap<>();
      freeEntries(problems).forEach((k, v) -> out.put(k, v.plain(problems)));
      return out;
    }
    if (isList()) {
      List<Object> out = new ArrayList<>();
      items(problems, false).forEach(i -> out.add(i.plain(problems)));
      return out;
    }
    return isNull() ? null : typedScalar(problems).orElse(null);
  }

  private static String child(String parent, String key) {
    boolean plain = key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
    if (plain) {
      return parent.isEmpty() ? key : parent + "." + key;
    }
    return parent + "[" + truncate(key) + "]";
  }

  private static String truncate(String s) {
    return Text.truncate(s, 60);
  }

  @Override
  public String toString() {
    return file + ":" + line() + " " + path;
  }
}
