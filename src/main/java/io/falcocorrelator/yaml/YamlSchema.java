package io.falcocorrelator.yaml;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structural checks of a YAML file against one of the JSON Schemas shipped in {@code schemas/} (the
 * same files editors use), reported as {@link Problem}s with the YAML's {@code file:line}: unknown
 * keys with a "did you mean" suggestion, wrong types, values out of range. The YAML is converted
 * node by node, keeping each node's line, so every schema error points at the line it is about.
 */
public final class YamlSchema {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Rules files: mappings.yaml, cases.yaml and any file of a rules directory. */
  public static final YamlSchema RULES = new YamlSchema("/schemas/rules.schema.json");

  /** Rules test files run by {@code falco-correlator test}. */
  public static final YamlSchema RULES_TEST = new YamlSchema("/schemas/rules-test.schema.json");

  /** Enough to fix a file in one pass without burying the first error. */
  static final int MAX_PROBLEMS = 50;

  private final String resource;
  private final JsonNode schemaJson;
  private final Schema schema;

  private YamlSchema(String resource) {
    this.resource = resource;
    try (InputStream in = YamlSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema missing from the jar: " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      schemaJson = MAPPER.readTree(text);
      schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's classpath resource, e.g. {@code /schemas/rules.schema.json}. */
  public String resource() {
    return resource;
  }

  /** Checks a parsed file; adds one problem per schema error and returns how many were added. */
  public int check(YamlNode root, Problems problems) {
    Lines lines = new Lines();
    JsonNode json = lines.convert(root.node(), new ArrayList<>());
    List<Error> errors = mostTelling(schema.validate(json));
    Set<String> seen = new HashSet<>();
    int added = 0;
    for (Error e : errors) {
      if (added == MAX_PROBLEMS) {
        problems.add(new Problem(root.file(), 0, "", "... more schema errors not shown"));
        break;
      }
      Problem p = problem(root.file(), e, lines);
      if (seen.add(p.toString())) {
        problems.add(p);
        added++;
      }
    }
    return added;
  }

  /** Keywords by how well they tell a user what is wrong, best first. */
  private static final List<String> PREFERENCE =
      List.of(
          "additionalProperties",
          "required",
          "enum",
          "const",
          "pattern",
          "minimum",
          "maximum",
          "minItems",
          "minProperties",
          "maxProperties",
          "minLength",
          "type");

  /**
   * One error per location (every unknown key, though): a value that fails an {@code anyOf} fails
   * each branch, and "not in the enumeration" says more than "string found, array expected".
   */
  private static List<Error> mostTelling(List<Error> errors) {
    Map<String, Error> best = new java.util.LinkedHashMap<>();
    List<Error> out = new ArrayList<>();
    for (Error e : errors) {
      if ("additionalProperties".equals(e.getKeyword())) {
        out.add(e);
        continue;
      }
      String at = e.getInstanceLocation().toString();
      Error kept = best.get(at);
      if (kept == null || rank(e) < rank(kept)) {
        best.put(at, e);
      }
    }
    out.addAll(best.values());
    return out;
  }

  private static int rank(Error e) {
    int i = PREFERENCE.indexOf(e.getKeyword());
    return i < 0 ? PREFERENCE.size() : i;
  }

  private Problem problem(String file, Error e, Lines lines) {
    List<Object> at = elements(e.getInstanceLocation());
    String path = pathText(at);
    if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
      String key = e.getProperty();
      List<String> allowed = allowedKeys(e);
      String hint =
          Suggestions.didYouMean(key, allowed)
              .map(s -> " (did you mean \"" + s + "\"?)")
              .orElse("");
      List<Object> keyPath = new ArrayList<>(at);
      keyPath.add(key);
      return new Problem(
          file,
          lines.keyLine(at, key),
          pathText(keyPath),
          "unknown key \""
              + key
              + "\""
              + hint
              + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed)));
    }
    if ("enum".equals(e.getKeyword()) && e.getSchemaNode() != null && e.getSchemaNode().isArray()) {
      List<String> allowed = new ArrayList<>();
      e.getSchemaNode().forEach(v -> allowed.add(v.asString()));
      JsonNode value = e.getInstanceNode();
      String text = value == null ? "" : value.isString() ? value.asString() : value.toString();
      String hint =
          Suggestions.didYouMean(text, allowed)
              .map(x -> " (did you mean \"" + x + "\"?)")
              .orElse("");
      return new Problem(
          file,
          lines.line(at),
          path,
          "\"" + text + "\" is not one of: " + String.join(", ", allowed) + hint);
    }
    return new Problem(file, lines.line(at), path, message(e));
  }

  /** networknt's message without the location it starts with (the problem carries the path). */
  private static String message(Error e) {
    if ("type".equals(e.getKeyword()) && e.getInstanceNode() != null && e.getSchemaNode() != null) {
      List<String> expected = new ArrayList<>();
      if (e.getSchemaNode().isArray()) {
        e.getSchemaNode().forEach(t -> expected.add(kind(t.asString())));
      } else {
        expected.add(kind(e.getSchemaNode().asString()));
      }
      return "expected " + String.join(" or ", expected) + ", found " + found(e.getInstanceNode());
    }
    String m = e.getMessage();
    String loc = e.getInstanceLocation().toString();
    if (m.startsWith(loc + ": ")) {
      m = m.substring(loc.length() + 2);
    }
    return m;
  }

  /** A JSON Schema type in the words of the compilers' messages. */
  private static String kind(String type) {
    switch (type) {
      case "object":
        return "a map";
      case "array":
        return "a list";
      case "string":
        return "a string";
      case "boolean":
        return "true or false";
      case "integer":
        return "a whole number";
      case "number":
        return "a number";
      default:
        return type;
    }
  }

  private static String found(JsonNode value) {
    if (value.isObject()) {
      return "a map";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isNull()) {
      return "nothing (null)";
    }
    String text = value.isString() ? value.asString() : value.toString();
    return "the "
        + (value.isString() ? "string" : value.isBoolean() ? "boolean" : "number")
        + " \""
        + (text.length() > 60 ? text.substring(0, 60) + "..." : text)
        + "\"";
  }

  /**
   * The names the schema allows beside the unknown one: the "properties" of the schema that said
   * no.
   */
  private List<String> allowedKeys(Error e) {
    List<Object> fragment = elements(e.getSchemaLocation().getFragment());
    if (fragment.isEmpty()) {
      return List.of();
    }
    JsonNode node = schemaJson;
    for (Object element : fragment.subList(0, fragment.size() - 1)) {
      node =
          element instanceof Integer ? node.path((Integer) element) : node.path((String) element);
    }
    List<String> out = new ArrayList<>();
    node.path("properties").propertyNames().forEach(out::add);
    return out;
  }

  private static List<Object> elements(NodePath p) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < p.getNameCount(); i++) {
      out.add(p.getElement(i));
    }
    return out;
  }

  private static String pathText(List<Object> at) {
    StringBuilder sb = new StringBuilder();
    for (Object o : at) {
      if (o instanceof Integer) {
        sb.append('[').append(o).append(']');
      } else {
        String s = (String) o;
        boolean plain =
            s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
        sb.append(plain ? (sb.length() == 0 ? "" : ".") + s : "[" + s + "]");
      }
    }
    return sb.toString();
  }

  /** YAML to JSON, remembering the line of every node and of every key. */
  private static final class Lines {
    private final Map<List<Object>, Integer> nodeLines = new HashMap<>();
    private final Map<List<Object>, Integer> keyLines = new HashMap<>();

    JsonNode convert(Node node, List<Object> at) {
      nodeLines.put(List.copyOf(at), node.getStartMark().getLine() + 1);
      if (node instanceof MappingNode) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
          String key =
              t.getKeyNode() instanceof ScalarNode ? ((ScalarNode) t.getKeyNode()).getValue() : "?";
          List<Object> child = new ArrayList<>(at);
          child.add(key);
          keyLines.put(List.copyOf(child), t.getKeyNode().getStartMark().getLine() + 1);
          o.set(key, convert(t.getValueNode(), child));
        }
        return o;
      }
      if (node instanceof SequenceNode) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        List<Node> items = ((SequenceNode) node).getValue();
        for (int i = 0; i < items.size(); i++) {
          List<Object> child = new ArrayList<>(at);
          child.add(i);
          a.add(convert(items.get(i), child));
        }
        return a;
      }
      return scalar(new YamlNode("", node, ""));
    }

    private static JsonNode scalar(YamlNode n) {
      if (n.isNull()) {
        return JsonNodeFactory.instance.nullNode();
      }
      Object v = n.typedScalar(new Problems()).orElse(null);
      if (v instanceof Boolean) {
        return JsonNodeFactory.instance.booleanNode((Boolean) v);
      }
      if (v instanceof Long) {
        return JsonNodeFactory.instance.numberNode((Long) v);
      }
      if (v instanceof Double) {
        return JsonNodeFactory.instance.numberNode((Double) v);
      }
      return JsonNodeFactory.instance.stringNode(v == null ? "" : v.toString());
    }

    int line(List<Object> at) {
      Integer line = nodeLines.get(at);
      return line == null ? 0 : line;
    }

    int keyLine(List<Object> parent, String key) {
      List<Object> child = new ArrayList<>(parent);
      child.add(key);
      Integer line = keyLines.get(child);
      return line == null ? line(parent) : line;
    }
  }
}
