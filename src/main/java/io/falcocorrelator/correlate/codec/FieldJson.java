package io.falcocorrelator.correlate.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evidence {@code output_fields} in JSON with Falco's types kept: strings, integers ({@link Long},
 * or {@link BigInteger} beyond 64 bits), decimals ({@link Double}), booleans and arrays of those.
 * The one place that writes and reads them, so the composite JSON, the state codec and every format
 * built on them agree. Reading is the inverse of writing: a value read back equals the value
 * written ({@code 31337} stays a {@code Long}, never an {@code Integer}).
 */
public final class FieldJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Falco fields that version 1 of the state (and composites written before typed evidence) stored
   * as text but that Falco sends as integers or booleans. Only these are converted when such a
   * document is read: a field outside the list that looks like a number ({@code user.name} {@code
   * "1000"}) stays text.
   */
  static final Set<String> V1_INTEGERS =
      Set.of(
          "proc.pid",
          "proc.ppid",
          "proc.vpid",
          "proc.pvpid",
          "proc.sid",
          "proc.vpgid",
          "proc.tty",
          "proc.loginshellid",
          "thread.tid",
          "thread.vtid",
          "user.uid",
          "user.loginuid",
          "group.gid",
          "evt.arg.pid",
          "evt.num",
          "evt.cpu",
          "fd.num",
          "fd.sport",
          "fd.dport",
          "fd.lport",
          "fd.rport",
          "container.mounts.count");

  static final Set<String> V1_BOOLEANS =
      Set.of(
          "container.privileged",
          "proc.is_exe_upper_layer",
          "proc.is_exe_writable",
          "proc.is_exe_from_memfd",
          "proc.is_container_healthcheck",
          "proc.is_container_liveness_probe",
          "proc.is_container_readiness_probe",
          "proc.is_sid_leader",
          "proc.is_vpgid_leader",
          "fd.is_upper_layer");

  private FieldJson() {}

  /** The fields as a JSON object, sorted by name. */
  public static ObjectNode object(Map<String, ?> fields) {
    ObjectNode o = NODES.objectNode();
    for (Map.Entry<String, ?> f : new TreeMap<>(fields).entrySet()) {
      o.set(f.getKey(), node(f.getValue()));
    }
    return o;
  }

  /** One typed value as a JSON node. */
  public static JsonNode node(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof String) {
      return NODES.stringNode((String) v);
    }
    if (v instanceof Boolean) {
      return NODES.booleanNode((Boolean) v);
    }
    if (v instanceof Long || v instanceof Integer) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (v instanceof BigInteger) {
      return NODES.numberNode((BigInteger) v);
    }
    if (v instanceof Double || v instanceof Float) {
      return NODES.numberNode(((Number) v).doubleValue());
    }
    if (v instanceof List) {
      ArrayNode a = NODES.arrayNode();
      ((List<?>) v).forEach(item -> a.add(node(item)));
      return a;
    }
    return NODES.stringNode(String.valueOf(v));
  }

  /** The typed fields of a JSON object; nulls and nested objects are skipped. */
  public static Map<String, Object> fields(JsonNode object, boolean fromText) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : object.properties()) {
      Object v = value(f.getValue());
      if (v != null) {
        out.put(f.getKey(), fromText ? upgrade(f.getKey(), v) : v);
      }
    }
    return out;
  }

  /** A JSON node as a typed value, or null for null and objects. */
  public static Object value(JsonNode n) {
    if (n.isString()) {
      return n.asString();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.asLong() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isArray()) {
      List<Object> items = new ArrayList<>();
      n.forEach(item -> items.add(value(item)));
      return Collections.unmodifiableList(items);
    }
    return null;
  }

  /** Reads the typed fields of the object whose START_OBJECT is the parser's current token. */
  static Map<String, Object> read(JsonParser p, boolean fromText) {
    Map<String, Object> out = new LinkedHashMap<>();
    String name;
    while ((name = p.nextName()) != null) {
      p.nextToken();
      Object v = read(p);
      if (v != null) {
        out.put(name, fromText ? upgrade(name, v) : v);
      }
    }
    return out;
  }

  private static Object read(JsonParser p) {
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_STRING:
        return p.getString();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue()
            : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case START_ARRAY:
        {
          List<Object> items = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(read(p));
          }
          return Collections.unmodifiableList(items);
        }
      case START_OBJECT:
        p.skipChildren();
        return null;
      default:
        return null;
    }
  }

  /**
   * A value stored as text before typed evidence, with the type Falco gives the field: integers and
   * booleans of {@link #V1_INTEGERS} and {@link #V1_BOOLEANS}; anything else unchanged.
   */
  static Object upgrade(String name, Object v) {
    if (!(v instanceof String)) {
      return v;
    }
    String s = (String) v;
    if (V1_BOOLEANS.contains(name) && (s.equals("true") || s.equals("false"))) {
      return Boolean.valueOf(s);
    }
    if (V1_INTEGERS.contains(name) && s.matches("-?(0|[1-9][0-9]{0,17})")) {
      return Long.valueOf(s);
    }
    return s;
  }
}
