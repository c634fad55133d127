package io.falcocorrelator.correlate.codec;

import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.FiredCase;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Versioned JSON form of {@link ContextState}, for snapshots, state stores and changelogs. Every
 * document carries {@code v}; a reader accepts every version up to {@link
 * ContextState#SCHEMA_VERSION} and rejects newer ones with a clear error rather than misreading
 * them.
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

  /**
   * Reads a stored state. Streams the tokens instead of building a tree: a restart decodes every
   * stored context, and the Kafka Streams processor decodes one per mapped alert.
   */
  public static ContextState decode(byte[] bytes) {
    try (JsonParser p = CompositeJson.MAPPER.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new StateCodecException("stored state is not a JSON object");
      }
      return new StateReader(p).read();
    } catch (JacksonException e) {
      throw new StateCodecException("stored state is not valid JSON: " + e.getOriginalMessage());
    } catch (StateCodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StateCodecException("stored state is malformed: " + e.getMessage());
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
    s.evidence()
        .forEach(
            (g, list) -> {
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
    // Processing time; the key predates the name (stored states keep reading).
    o.put("last_seen", s.lastProcessedAt().toString());
    return o;
  }
}
