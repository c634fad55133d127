package io.falcocorrelator.output.elasticsearch;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.FindingContext;
import io.falcocorrelator.output.PayloadFormat;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Elasticsearch/OpenSearch bulk body: one {@code index} action per composite into {@code
 * PREFIX-yyyy.MM.dd} (UTC day of detection), with {@code _id} = composite id, so a redelivery
 * overwrites instead of duplicating. The document is in the output's format (ECS by default) and
 * always has {@code @timestamp}. Pure.
 */
public final class ElasticPayloads {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

  private ElasticPayloads() {}

  public static String index(CompositeAlert a, String prefix) {
    return prefix + "-" + DAY.format(a.detectedAt());
  }

  public static String bulk(
      CompositeAlert a, String prefix, PayloadFormat format, FindingContext context) {
    ObjectNode action = CompositeJson.MAPPER.createObjectNode();
    action.putObject("index").put("_index", index(a, prefix)).put("_id", a.id());
    ObjectNode doc = format.document(a, context);
    if (!doc.has("@timestamp")) {
      doc.put("@timestamp", a.detectedAt().toString());
    }
    return CompositeJson.MAPPER.writeValueAsString(action)
        + "\n"
        + CompositeJson.MAPPER.writeValueAsString(doc)
        + "\n";
  }
}
