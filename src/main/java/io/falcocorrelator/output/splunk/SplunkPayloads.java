package io.falcocorrelator.output.splunk;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.FindingContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * Splunk HTTP Event Collector event: {@code {"time", "host", "source", "sourcetype", "index",
 * "event"}}, the event in the output's format. Pure.
 */
public final class SplunkPayloads {
  private SplunkPayloads() {}

  public static ObjectNode build(CompositeAlert a, SplunkSettings s, FindingContext context) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    // Epoch seconds with milliseconds, as HEC expects: the event time of the last evidence.
    o.put("time", a.lastSeen().toEpochMilli() / 1000.0);
    o.put("host", a.key().hostname());
    o.put("source", s.source());
    o.put("sourcetype", s.sourcetype());
    s.index().ifPresent(i -> o.put("index", i));
    o.set("event", s.format().document(a, context));
    return o;
  }
}
