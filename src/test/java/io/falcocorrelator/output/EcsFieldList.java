package io.falcocorrelator.output;

import io.falcocorrelator.correlate.codec.CompositeJson;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks an ECS document against the ECS field list (ecs-9.4.0-fields.json): every leaf outside the
 * custom {@code falco_correlator} namespace is an ECS field, its JSON type fits the field's
 * Elasticsearch type, array fields are arrays and the others single values, the closed value lists
 * ({@code event.kind}, {@code event.category}, {@code event.type}, ...) hold, every {@code
 * event.type} is expected for one of the categories, and the required fields are present.
 */
final class EcsFieldList {
  static final String CUSTOM = "falco_correlator";
  private final JsonNode fields;

  private EcsFieldList(JsonNode fields) {
    this.fields = fields;
  }

  static EcsFieldList load(Path file) {
    try {
      return new EcsFieldList(CompositeJson.MAPPER.readTree(Files.readString(file)).path("fields"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code name} is an ECS field. */
  boolean has(String name) {
    return fields.has(name);
  }

  String type(String name) {
    return fields.path(name).path("type").asString();
  }

  /** What is wrong with the document; empty when nothing is. */
  List<String> problems(JsonNode doc) {
    List<String> out = new ArrayList<>();
    walk("", doc, out);
    for (Map.Entry<String, JsonNode> f : fields.properties()) {
      if (f.getValue().path("required").asBoolean(false) && leaf(doc, f.getKey()) == null) {
        out.add(f.getKey() + ": required");
      }
    }
    JsonNode categories = leaf(doc, "event.category");
    JsonNode types = leaf(doc, "event.type");
    if (categories != null && types != null) {
      for (JsonNode t : types) {
        boolean expected = false;
        for (JsonNode c : categories) {
          for (JsonNode e :
              fields.path("event.category").path("expected_event_types").path(c.asString())) {
            expected |= e.asString().equals(t.asString());
          }
        }
        if (!expected) {
          out.add("event.type " + t.asString() + " is not expected for any of " + categories);
        }
      }
    }
    return out;
  }

  private static JsonNode leaf(JsonNode doc, String dotted) {
    JsonNode n = doc;
    if (doc.has(dotted)) {
      return doc.get(dotted);
    }
    for (String part : dotted.split("\\.")) {
      n = n.get(part);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  private void walk(String prefix, JsonNode node, List<String> out) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (name.equals(CUSTOM) || name.startsWith(CUSTOM + ".")) {
        continue;
      }
      JsonNode v = e.getValue();
      if (has(name)
          && !type(name).equals("object")
          && !type(name).equals("flattened")
          && !type(name).equals("nested")) {
        check(name, v, out);
      } else if (v.isObject() && (!has(name) || type(name).equals("object"))) {
        if (has(name) && fields.path(name).has("object_type")) {
          continue;
        }
        walk(name, v, out);
      } else if (!has(name)) {
        out.add(name + ": not an ECS 9.4.0 field");
      }
    }
  }

  private void check(String name, JsonNode v, List<String> out) {
    JsonNode def = fields.path(name);
    boolean array = def.path("array").asBoolean(false);
    if (array != v.isArray()) {
      out.add(
          name + ": " + (array ? "must be an array" : "must be a single value") + ", found " + v);
      return;
    }
    List<JsonNode> values = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(values::add);
    } else {
      values.add(v);
    }
    Set<String> allowed = new HashSet<>();
    def.path("allowed_values").forEach(a -> allowed.add(a.asString()));
    for (JsonNode item : values) {
      String problem = typeProblem(def.path("type").asString(), item);
      if (problem != null) {
        out.add(name + ": " + problem + ", found " + item);
      }
      if (!allowed.isEmpty() && !allowed.contains(item.asString())) {
        out.add(name + ": " + item + " is not an allowed value " + allowed);
      }
    }
  }

  private static String typeProblem(String type, JsonNode v) {
    switch (type) {
      case "long":
      case "integer":
        return v.isIntegralNumber() ? null : "must be an integer";
      case "float":
      case "double":
      case "scaled_float":
        return v.isNumber() ? null : "must be a number";
      case "boolean":
        return v.isBoolean() ? null : "must be a boolean";
      case "date":
        try {
          OffsetDateTime.parse(v.asString());
          return v.isString() ? null : "must be an RFC 3339 string";
        } catch (RuntimeException e) {
          return "must be an RFC 3339 date";
        }
      case "ip":
        try {
          return v.isString()
                  && v.asString().matches("[0-9a-fA-F:.]+")
                  && InetAddress.getByName(v.asString()) != null
              ? null
              : "must be an IP";
        } catch (Exception e) {
          return "must be an IP";
        }
      default:
        return v.isString() ? null : "must be a string";
    }
  }
}
