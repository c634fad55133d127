package io.falcocorrelator.correlate.codec;

import io.falcocorrelator.correlate.ContextInfo;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.FiredCase;
import io.falcocorrelator.correlate.RecentFingerprints;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.correlate.codec.StateCodec.StateCodecException;
import io.falcocorrelator.event.EventTimes;
import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Binds one stored {@link ContextState} document (the shape {@link StateCodec#toJson} writes) from
 * a token stream. Keys may come in any order and unknown keys are skipped; the version is checked
 * before anything is returned, and missing required parts are named in the error.
 */
final class StateReader {
  private final JsonParser p;
  private int version = -1;
  private ContextKey key;
  private ContextInfo info = ContextInfo.UNKNOWN;
  private Map<ActivityGroup, List<Evidence>> evidence;
  private final List<FiredCase> fired = new ArrayList<>();
  private long[] recent = new long[0];
  private Instant firstEventTime;
  private Instant latestEventTime;
  private Instant lastProcessedAt;

  StateReader(JsonParser p) {
    this.p = p;
  }

  /** Reads the object whose START_OBJECT is the current token. */
  ContextState read() {
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "v":
          version = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
          checkVersion(p.getString());
          break;
        case "key":
          key = key();
          break;
        case "info":
          info = info();
          break;
        case "evidence":
          evidence = evidence();
          break;
        case "fired":
          fired();
          break;
        case "recent":
          recent();
          break;
        case "first_event_time":
          firstEventTime = instant();
          break;
        case "latest_event_time":
          latestEventTime = instant();
          break;
        case "last_seen":
          lastProcessedAt = instant();
          break;
        default:
          p.skipChildren();
      }
    }
    checkVersion("");
    return new ContextState(
        ContextState.SCHEMA_VERSION,
        required(key, "key"),
        info,
        upgraded(required(evidence, "evidence")),
        fired,
        RecentFingerprints.of(recent),
        required(firstEventTime, "first_event_time"),
        required(latestEventTime, "latest_event_time"),
        required(lastProcessedAt, "last_seen"));
  }

  /**
   * Version 1 wrote every evidence value as text ({@code "31337"}, {@code "false"}); version 2
   * keeps Falco's JSON types. A version 1 state gets the types Falco gives its known fields back.
   */
  private Map<ActivityGroup, List<Evidence>> upgraded(Map<ActivityGroup, List<Evidence>> byGroup) {
    if (version >= 2) {
      return byGroup;
    }
    Map<ActivityGroup, List<Evidence>> out = new EnumMap<>(ActivityGroup.class);
    byGroup.forEach(
        (g, list) -> {
          List<Evidence> typed = new ArrayList<>(list.size());
          for (Evidence e : list) {
            Map<String, Object> fields = new HashMap<>();
            e.fields().forEach((name, v) -> fields.put(name, FieldJson.upgrade(name, v)));
            typed.add(
                new Evidence(
                    g,
                    e.mappingId(),
                    e.rule(),
                    e.time(),
                    e.priority(),
                    e.output(),
                    fields,
                    e.fingerprint()));
          }
          out.put(g, typed);
        });
    return out;
  }

  private void checkVersion(String found) {
    if (version < 1 || version > ContextState.SCHEMA_VERSION) {
      throw new StateCodecException(
          "unsupported state schema version "
              + found
              + " (this build reads 1.."
              + ContextState.SCHEMA_VERSION
              + ")");
    }
  }

  private ContextKey key() {
    Map<String, String> k = strings();
    return new ContextKey(
        required(k.get("hostname"), "key.hostname"),
        required(k.get("container_id"), "key.container_id"),
        k.getOrDefault("scope", ""));
  }

  private ContextInfo info() {
    Map<String, String> i = strings();
    return new ContextInfo(
        i.getOrDefault("container_name", ""),
        i.getOrDefault("image", ""),
        i.getOrDefault("k8s_ns_name", ""),
        i.getOrDefault("k8s_pod_name", ""));
  }

  private Map<ActivityGroup, List<Evidence>> evidence() {
    expect(JsonToken.START_OBJECT, "evidence");
    Map<ActivityGroup, List<Evidence>> byGroup = new EnumMap<>(ActivityGroup.class);
    String name;
    while ((name = p.nextName()) != null) {
      String id = name;
      ActivityGroup group =
          ActivityGroup.fromId(id)
              .orElseThrow(() -> new StateCodecException("unknown group in stored state: " + id));
      p.nextToken();
      expect(JsonToken.START_ARRAY, "evidence." + id);
      List<Evidence> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(oneEvidence(group));
      }
      byGroup.put(group, list);
    }
    return byGroup;
  }

  private Evidence oneEvidence(ActivityGroup group) {
    expect(JsonToken.START_OBJECT, "evidence");
    String mapping = "";
    String rule = null;
    Instant time = null;
    String priority = "";
    String output = "";
    Map<String, Object> fields = Map.of();
    long fingerprint = 0;
    String name;
    while ((name = p.nextName()) != null) {
      p.nextToken();
      switch (name) {
        case "mapping":
          mapping = p.getString();
          break;
        case "rule":
          rule = p.getString();
          break;
        case "time":
          time = instant();
          break;
        case "priority":
          priority = p.getString();
          break;
        case "output":
          output = p.getString();
          break;
        case "output_fields":
          expect(JsonToken.START_OBJECT, "evidence.output_fields");
          fields = FieldJson.read(p, false);
          break;
        case "fp":
          fingerprint = p.getLongValue();
          break;
        default:
          p.skipChildren();
      }
    }
    return new Evidence(
        group,
        mapping,
        required(rule, "evidence.rule"),
        required(time, "evidence.time"),
        priority,
        output,
        fields,
        fingerprint);
  }

  private void fired() {
    expect(JsonToken.START_ARRAY, "fired");
    while (p.nextToken() != JsonToken.END_ARRAY) {
      expect(JsonToken.START_OBJECT, "fired");
      Map<String, String> f = strings();
      String severityText = required(f.get("severity"), "fired.severity");
      Severity severity =
          Severity.parse(severityText)
              .orElseThrow(
                  () ->
                      new StateCodecException(
                          "unknown severity in stored state: \"" + severityText + "\""));
      fired.add(
          new FiredCase(
              required(f.get("case_id"), "fired.case_id"),
              severity,
              required(f.get("composite_id"), "fired.composite_id"),
              EventTimes.parse(required(f.get("at"), "fired.at")),
              Boolean.parseBoolean(f.get("folded"))));
    }
  }

  private void recent() {
    expect(JsonToken.START_ARRAY, "recent");
    long[] values = new long[16];
    int n = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      values[n++] = p.getLongValue();
    }
    recent = Arrays.copyOf(values, n);
  }

  /** A flat object of scalars as text (booleans and numbers in their JSON spelling). */
  private Map<String, String> strings() {
    expect(JsonToken.START_OBJECT, "an object");
    Map<String, String> out = new HashMap<>();
    String name;
    while ((name = p.nextName()) != null) {
      JsonToken t = p.nextToken();
      if (t.isStructStart()) {
        p.skipChildren();
      } else if (t != JsonToken.VALUE_NULL) {
        out.put(name, p.getString());
      }
    }
    return out;
  }

  private Instant instant() {
    // The fast RFC 3339 path.
    return EventTimes.parse(p.getString());
  }

  private void expect(JsonToken token, String what) {
    if (p.currentToken() != token) {
      throw new StateCodecException(
          "stored state: expected "
              + (token == JsonToken.START_ARRAY ? "an array" : "an object")
              + " for "
              + what
              + ", found "
              + p.currentToken());
    }
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new StateCodecException("stored state lacks \"" + name + "\"");
    }
    return value;
  }
}
