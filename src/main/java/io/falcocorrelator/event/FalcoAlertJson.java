package io.falcocorrelator.event;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an alert back as Falco's JSON (what the Kafka ingest front produces to the input topic).
 */
public final class FalcoAlertJson {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private FalcoAlertJson() {}

  public static byte[] bytes(FalcoAlert a) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("hostname", a.hostname());
    o.put("output", a.output());
    ObjectNode fields = o.putObject("output_fields");
    for (Map.Entry<String, Object> f : new java.util.TreeMap<>(a.fields()).entrySet()) {
      fields.set(f.getKey(), MAPPER.valueToTree(f.getValue()));
    }
    o.put("priority", a.priority().label());
    o.put("rule", a.rule());
    o.put("source", a.source());
    ArrayNode tags = o.putArray("tags");
    a.tags().forEach(tags::add);
    o.put("time", a.time().toString());
    if (!a.uuid().isEmpty()) {
      o.put("uuid", a.uuid());
    }
    return MAPPER.writeValueAsBytes(o);
  }
}
