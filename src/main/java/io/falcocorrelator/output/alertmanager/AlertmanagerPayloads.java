package io.falcocorrelator.output.alertmanager;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.output.FindingContext;
import io.falcocorrelator.output.FindingText;
import io.falcocorrelator.output.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prometheus Alertmanager {@code POST /api/v2/alerts} bodies: labels {@code alertname} (the case),
 * {@code severity} (critical, high, medium), {@code namespace}, {@code pod}, {@code node}, {@code
 * container}, {@code case_id}, {@code incident} (the composite id, which keeps each incident its
 * own alert) plus the output's own labels; annotations {@code summary}, {@code description}, {@code
 * link}, {@code mitre}; {@code startsAt} the first evidence, {@code endsAt} when the alert lapses
 * unless posted again (or now, when resolved). Empty values are left out, as Alertmanager treats an
 * empty label as absent. Pure.
 */
public final class AlertmanagerPayloads {
  static final int MAX_ANNOTATION = 4096;

  private AlertmanagerPayloads() {}

  /**
   * One alert object; {@code endsAt} is {@code now} for a resolved incident, else {@code now +
   * lapse}.
   */
  public static ObjectNode alert(
      CompositeAlert a, FindingContext context, Map<String, String> extraLabels, Instant endsAt) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    ObjectNode labels = o.putObject("labels");
    extraLabels.forEach(labels::put);
    label(labels, "alertname", a.caseName());
    label(labels, "severity", a.severity().label().toLowerCase(Locale.ROOT));
    label(labels, "namespace", a.info().k8sNamespace());
    label(labels, "pod", a.info().k8sPod());
    label(labels, "node", a.key().hostname());
    label(labels, "container", FindingText.containerName(a));
    label(labels, "case_id", a.definition().id());
    label(labels, "incident", a.id());
    ObjectNode annotations = o.putObject("annotations");
    annotations.put("summary", Text.truncate(FindingText.summary(a), MAX_ANNOTATION));
    annotations.put(
        "description",
        Text.truncate(
            a.definition().description()
                + "\nGroups: "
                + groups(a)
                + "\nImage: "
                + a.info().image()
                + "\nFirst seen "
                + a.firstSeen()
                + ", last seen "
                + a.lastSeen(),
            MAX_ANNOTATION));
    context.link().ifPresent(l -> annotations.put("link", l));
    annotations.put("mitre", String.join(", ", a.definition().mitre()));
    o.put("startsAt", a.firstSeen().toString());
    o.put("endsAt", endsAt.toString());
    context.link().ifPresent(l -> o.put("generatorURL", l));
    return o;
  }

  /** The {@code POST /api/v2/alerts} body: an array of alerts. */
  public static ArrayNode body(List<ObjectNode> alerts) {
    ArrayNode a = CompositeJson.MAPPER.createArrayNode();
    alerts.forEach(a::add);
    return a;
  }

  private static void label(ObjectNode labels, String name, String value) {
    if (value != null && !value.isEmpty()) {
      labels.put(name, value);
    }
  }

  private static String groups(CompositeAlert a) {
    List<String> ids = new ArrayList<>();
    for (ActivityGroup g : a.groups()) {
      ids.add(g.id());
    }
    return String.join(", ", ids);
  }
}
