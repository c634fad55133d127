package io.falcocorrelator.correlate.codec;

import io.falcocorrelator.correlate.ContextInfo;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.FiredCase;
import io.falcocorrelator.correlate.RecentFingerprints;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Versioned JSON form of {@link ContextState}, for snapshots, state stores and changelogs.
 * Every document carries {@code v}; a reader accepts every version up to
 * {@link ContextState#SCHEMA_VERSION} and rejects newer ones with a clear error rather than
 * misreading them.
 */
public final class StateCodec {
  private StateCodec() {}

  /** A stored state that cannot be read. */
  public static final class StateCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateCodecException(String message) {
      super(message);
    }
  }

  public static byte[] encode(ContextState s) {
    return CompositeJson.MAPPER.writeValueAsBytes(toJson(s));
  }

  public static ContextState decode(byte[] bytes) {
    try {
      return fromJson(CompositeJson.MAPPER.readTree(bytes));
    } catch (JacksonException e) {
      throw new StateCodecException("stored state is not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static ObjectNode toJson(ContextState s) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("v", s.schemaVersion());
    ObjectNode key = o.putObject("key");
    key.put("hostname", s.key().hostname());
    key.put("container_id", s.key().containerId());
    key.put("scope", s.key().scope());
    ObjectNode info = o.putObject("info");
    info.put("container_name", s.info().containerName());
    info.put("image", s.info().image());
    info.put("k8s_ns_name", s.info().k8sNamespace());
    info.put("k8s_pod_name", s.info().k8sPod());
    ObjectNode evidence = o.putObject("evidence");
    s.evidence().forEach((g, list) -> {
      ArrayNode a = evidence.putArray(g.id());
      for (Evidence e : list) {
        ObjectNode n = CompositeJson.evidence(e);
        n.put("fp", e.fingerprint());
        a.add(n);
      }
    });
    ArrayNode fired = o.putArray("fired");
    for (FiredCase f : s.fired()) {
      ObjectNode n = fired.addObject();
      n.put("case_id", f.caseId());
      n.put("severity", f.severity().label());
      n.put("composite_id", f.compositeId());
      n.put("at", f.at().toString());
      n.put("folded", f.folded());
    }
    ArrayNode recent = o.putArray("recent");
    for (long fp : s.recent().toArray()) {
      recent.add(fp);
    }
    o.put("first_event_time", s.firstEventTime().toString());
    o.put("latest_event_time", s.latestEventTime().toString());
    o.put("last_seen", s.lastSeen().toString());
    return o;
  }

  public static ContextState fromJson(JsonNode o) {
    int v = o.path("v").asInt(-1);
    if (v < 1 || v > ContextState.SCHEMA_VERSION) {
      throw new StateCodecException("unsupported state schema version " + o.path("v") + " (this build reads 1.." + ContextState.SCHEMA_VERSION + ")");
    }
    try {
      JsonNode k = required(o, "key");
      ContextKey key = new ContextKey(text(k, "hostname"), text(k, "container_id"), k.path("scope").asString(""));
      JsonNode i = o.path("info");
      ContextInfo info = new ContextInfo(i.path("container_name").asString(""), i.path("image").asString(""),
          i.path("k8s_ns_name").asString(""), i.path("k8s_pod_name").asString(""));
      Map<ActivityGroup, List<Evidence>> evidence = new EnumMap<>(ActivityGroup.class);
      for (Map.Entry<String, JsonNode> g : required(o, "evidence").properties()) {
        ActivityGroup group = ActivityGroup.fromId(g.getKey())
            .orElseThrow(() -> new StateCodecException("unknown group in stored state: " + g.getKey()));
        List<Evidence> list = new ArrayList<>();
        for (JsonNode e : g.getValue()) {
          Map<String, String> fields = new LinkedHashMap<>();
          for (Map.Entry<String, JsonNode> f : e.path("output_fields").properties()) {
            fields.put(f.getKey(), f.getValue().asString(""));
          }
          list.add(new Evidence(group, e.path("mapping").asString(""), text(e, "rule"), instant(e, "time"),
              e.path("priority").asString(""), e.path("output").asString(""), fields, e.path("fp").asLong()));
        }
        evidence.put(group, list);
      }
      List<FiredCase> fired = new ArrayList<>();
      for (JsonNode f : o.path("fired")) {
        Severity severity = Severity.parse(text(f, "severity"))
            .orElseThrow(() -> new StateCodecException("unknown severity in stored state: " + f.path("severity")));
        fired.add(new FiredCase(text(f, "case_id"), severity, text(f, "composite_id"), instant(f, "at"), f.path("folded").asBoolean()));
      }
      JsonNode recentNode = o.path("recent");
      long[] recent = new long[recentNode.size()];
      for (int n = 0; n < recent.length; n++) {
        recent[n] = recentNode.get(n).asLong();
      }
      return new ContextState(ContextState.SCHEMA_VERSION, key, info, evidence, fired, RecentFingerprints.of(recent),
          instant(o, "first_event_time"), instant(o, "latest_event_time"), instant(o, "last_seen"));
    } catch (RuntimeException e) {
      if (e instanceof StateCodecException) {
        throw e;
      }
      throw new StateCodecException("stored state is malformed: " + e.getMessage());
    }
  }

  private static JsonNode required(JsonNode o, String name) {
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      throw new StateCodecException("stored state lacks \"" + name + "\"");
    }
    return n;
  }

  private static String text(JsonNode o, String name) {
    return required(o, name).asString();
  }

  private static Instant instant(JsonNode o, String name) {
    // The fast RFC 3339 path: a restart decodes every stored context.
    return io.falcocorrelator.event.EventTimes.parse(text(o, name));
  }

}
