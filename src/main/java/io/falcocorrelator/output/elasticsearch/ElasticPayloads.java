package io.falcocorrelator.output.elasticsearch;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Elasticsearch/OpenSearch bulk body: one {@code index} action per composite into
 * {@code PREFIX-yyyy.MM.dd} (UTC day of detection), with {@code _id} = composite id, so a
 * redelivery overwrites instead of duplicating. The document gets {@code @timestamp}. Pure.
 */
public final class ElasticPayloads {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

  private ElasticPayloads() {}

  public static String index(CompositeAlert a, String prefix) {
    return prefix + "-" + DAY.format(a.detectedAt());
  }

  public static String bulk(CompositeAlert a, String prefix) {
    return bulk(a, prefix, java.util.Optional.empty());
  }

  /** With {@code "link"} in the document when there is one. */
  public static String bulk(CompositeAlert a, String prefix, java.util.Optional<String> link) {
    ObjectNode action = CompositeJson.MAPPER.createObjectNode();
    action.putObject("index").put("_index", index(a, prefix)).put("_id", a.id());
    ObjectNode doc = CompositeJson.toJson(a);
    doc.put("@timestamp", a.detectedAt().toString());
    link.ifPresent(l -> doc.put("link", l));
    return CompositeJson.MAPPER.writeValueAsString(action) + "\n" + CompositeJson.MAPPER.writeValueAsString(doc) + "\n";
  }
}
