package io.falcocorrelator.output.falco;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.mapping.ActivityGroup;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The composite re-expressed as a Falco alert, so Falcosidekick can fan it out through its outputs:
 * {@code rule} = case name, {@code priority} from severity (Critical, Error, Warning), {@code
 * source} = falco-correlator, {@code tags} = container_escape + MITRE ids, and the context and
 * correlation in {@code output_fields}. Pure.
 */
public final class FalcoPayloads {
  private FalcoPayloads() {}

  public static String priority(CompositeAlert a) {
    switch (a.severity()) {
      case CRITICAL:
        return "Critical";
      case HIGH:
        return "Error";
      default:
        return "Warning";
    }
  }

  public static ObjectNode build(CompositeAlert a) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    List<String> groups = new ArrayList<>();
    for (ActivityGroup g : a.groups()) {
      groups.add(g.id());
    }
    String name =
        a.info().containerName().isEmpty() ? a.key().containerId() : a.info().containerName();
    o.put(
        "output",
        a.detectedAt()
            + ": "
            + priority(a)
            + " "
            + a.caseName()
            + " | container_id="
            + a.key().containerId()
            + " container_name="
            + name
            + " image="
            + a.info().image()
            + " k8s_ns_name="
            + a.info().k8sNamespace()
            + " k8s_pod_name="
            + a.info().k8sPod()
            + " groups="
            + String.join(",", groups)
            + " composite_id="
            + a.id());
    o.put("priority", priority(a));
    o.put("rule", a.caseName());
    o.put("time", a.detectedAt().toString());
    ObjectNode f = o.putObject("output_fields");
    f.put("container.id", a.key().containerId());
    f.put("container.name", name);
    f.put("container.image", a.info().image());
    f.put("k8s.ns.name", a.info().k8sNamespace());
    f.put("k8s.pod.name", a.info().k8sPod());
    f.put("correlator.id", a.id());
    f.put("correlator.case_id", a.definition().id());
    f.put("correlator.severity", a.severity().label());
    f.put("correlator.groups", String.join(",", groups));
    f.put("correlator.first_seen", a.firstSeen().toString());
    f.put("correlator.last_seen", a.lastSeen().toString());
    f.put("correlator.evidence_count", a.evidence().size());
    o.put("source", "falco-correlator");
    ArrayNode tags = o.putArray("tags");
    tags.add("container_escape");
    for (String m : a.definition().mitre()) {
      tags.add(m);
    }
    o.put("hostname", a.key().hostname());
    return o;
  }
}
