package io.falcocorrelator.event;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Binds one Falco alert object straight from a token stream, without building a tree: the general
 * path, for what {@link FlatAlertParser} declines (arrays, pretty-printed documents, non-ASCII
 * text, nested values). Accepts every shape Falco and Falcosidekick emit (keys in any order,
 * optional {@code message}/{@code output}/{@code tags}/{@code output_fields}/{@code hostname},
 * {@code uuid}, trimmed fractional seconds); unknown keys are skipped. Errors name the field, what
 * was expected and what was found.
 */
public final class AlertParser {
  /** How much of a wrong value an error message quotes. */
  static final int MAX_FOUND_CHARS = 40;

  /**
   * Rule names, sources and hostnames repeat across alerts: shared with the other parser of the
   * same reader.
   */
  private final CanonicalStrings canonical;

  /**
   * @param memory what this parser remembers between alerts (its reader's)
   */
  AlertParser(ParseMemory memory) {
    this.canonical = memory.values;
  }

  /** A parser with a memory of its own. */
  public AlertParser() {
    this(new ParseMemory());
  }

  /**
   * Parses the object whose {@code START_OBJECT} is the parser's current token, leaving the parser
   * on the matching {@code END_OBJECT}.
   *
   * @throws MalformedAlertException when a field is missing or has the wrong type or value
   */
  public FalcoAlert parse(JsonParser p) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new MalformedAlertException("", "expected a JSON object, found " + describe(p));
    }
    AlertDraft d = new AlertDraft();
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken value = p.nextToken();
      switch (name) {
        case "rule":
          d.rule = canonical(p, "rule");
          break;
        case "priority":
          d.priority = canonical(p, "priority");
          break;
        case "time":
          d.time = string(p, "time");
          break;
        case "source":
          d.source = canonical(p, "source");
          break;
        case "hostname":
          d.hostname = orEmpty(canonical(p, "hostname"));
          break;
        case "output":
          d.output = string(p, "output");
          break;
        case "message":
          d.message = string(p, "message");
          break;
        case "uuid":
          d.uuid = orEmpty(string(p, "uuid"));
          break;
        case "tags":
          d.tags = tags(p);
          break;
        case "output_fields":
          d.fields = outputFields(p);
          break;
        default:
          if (value.isStructStart()) {
            p.skipChildren();
          }
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new MalformedAlertException("", "expected a field name, found " + describe(p));
    }
    return d.toAlert();
  }

  private static String string(JsonParser p, String field) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getString();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw new MalformedAlertException(field, "expected a string, found " + describe(p));
  }

  /**
   * As {@link #string}, for a low-cardinality value: the shared instance, without a copy when
   * cached.
   */
  private String canonical(JsonParser p, String field) {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return canonical.of(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
    }
    return string(p, field);
  }

  private static List<String> tags(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw new MalformedAlertException(
          "tags", "expected an array of strings, found " + describe(p));
    }
    List<String> tags = new ArrayList<>(8);
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new MalformedAlertException(
            "tags[" + i + "]", "expected a string, found " + describe(p));
      }
      tags.add(p.getString());
      i++;
    }
    return tags;
  }

  private static Map<String, Object> outputFields(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new MalformedAlertException(
          "output_fields", "expected an object, found " + describe(p));
    }
    FieldMap fields = new FieldMap(32);
    String name;
    while ((name = p.nextName()) != null) {
      p.nextToken();
      Object value = value(p);
      if (value != null) {
        fields.add(name, value);
      }
    }
    return fields;
  }

  /** A typed JSON value; null for JSON null. Depth is bounded by the parser's constraints. */
  private static Object value(JsonParser p) {
    switch (p.currentToken()) {
      case VALUE_STRING:
        return p.getString();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          BigInteger big = p.getBigIntegerValue();
          return big;
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case START_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(value(p));
          }
          return list;
        }
      case START_OBJECT:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          String name;
          while ((name = p.nextName()) != null) {
            p.nextToken();
            map.put(name, value(p));
          }
          return map;
        }
      default:
        throw new MalformedAlertException("output_fields", "unexpected token " + p.currentToken());
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * Describes the current token for an error message, quoting at most a short prefix of strings.
   */
  static String describe(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "end of input";
    }
    return switch (t) {
      case VALUE_STRING -> "string " + Text.quote(p.getString(), MAX_FOUND_CHARS);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + p.getString();
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      default -> t.name();
    };
  }
}
