package io.falcocorrelator.output.ocsf;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.correlate.codec.FieldJson;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.output.FindingContext;
import io.falcocorrelator.output.FindingText;
import io.falcocorrelator.output.IncidentStatus;
import io.falcocorrelator.output.MitreAttack;
import io.falcocorrelator.output.MitreAttack.Tactic;
import io.falcocorrelator.output.MitreAttack.Technique;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.output.Product;
import io.falcocorrelator.yaml.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The composite as an OCSF 1.8.0 Detection Finding (class 2004, category Findings), profiles {@code
 * container} and {@code host}. ATT&CK goes in {@code finding_info.attacks} (one entry per technique
 * and tactic); each evidence alert is one {@code evidences} entry with its process, file, container
 * and actor where Falco gave the fields, and its typed {@code output_fields} in {@code data}; the
 * context is in {@code resources}; the triage steps are the {@code remediation}; the original
 * composite JSON is {@code raw_data}. A status change is an Update (acknowledged, reopened) or a
 * Close (resolved) of the same {@code finding_info.uid}. Timestamps are epoch milliseconds, as OCSF
 * wants. Pure.
 */
public final class OcsfPayloads {
  public static final PayloadFormat FORMAT = PayloadFormat.of("ocsf", OcsfPayloads::build);
  public static final String SCHEMA_VERSION = "1.8.0";
  static final int CLASS_UID = 2004;

  private OcsfPayloads() {}

  public static ObjectNode build(CompositeAlert a, FindingContext context) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    int activity = activity(context.status());
    o.put("activity_id", activity);
    o.put("activity_name", activity == 1 ? "Create" : activity == 2 ? "Update" : "Close");
    o.put("category_uid", 2);
    o.put("category_name", "Findings");
    o.put("class_uid", CLASS_UID);
    o.put("class_name", "Detection Finding");
    o.put("type_uid", CLASS_UID * 100 + activity);
    o.put("type_name", "Detection Finding: " + o.path("activity_name").asString());
    o.put("severity_id", severityId(a));
    o.put("severity", a.severity().label());
    int status = statusId(context.status());
    o.put("status_id", status);
    o.put("status", status == 1 ? "New" : status == 2 ? "In Progress" : "Resolved");
    o.put("is_alert", true);
    o.put("time", millis(context.time(a)));
    o.put("start_time", millis(a.firstSeen()));
    o.put("end_time", millis(a.lastSeen()));
    o.put("count", a.evidence().size());
    o.put("message", FindingText.summary(a));
    o.set("metadata", metadata(a, context));
    o.set("finding_info", findingInfo(a, context));
    ArrayNode evidences = o.putArray("evidences");
    for (Evidence e : a.evidence()) {
      evidences.add(evidence(a, e));
    }
    o.set("resources", resources(a));
    o.set("device", device(a));
    o.set("remediation", remediation(a));
    o.put("raw_data", CompositeJson.toLine(a));
    return o;
  }

  static int activity(Optional<IncidentStatus> status) {
    if (status.isEmpty()) {
      return 1;
    }
    return status.get() == IncidentStatus.RESOLVED ? 3 : 2;
  }

  /** OCSF severity ids: 5 Critical, 4 High, 3 Medium. */
  public static int severityId(CompositeAlert a) {
    switch (a.severity()) {
      case CRITICAL:
        return 5;
      case HIGH:
        return 4;
      default:
        return 3;
    }
  }

  /** New for a detection and a reopened incident, In Progress when acknowledged, Resolved. */
  static int statusId(Optional<IncidentStatus> status) {
    if (status.isEmpty() || status.get() == IncidentStatus.OPEN) {
      return 1;
    }
    return status.get() == IncidentStatus.ACKNOWLEDGED ? 2 : 4;
  }

  private static long millis(Instant t) {
    return t.toEpochMilli();
  }

  private static ObjectNode metadata(CompositeAlert a, FindingContext context) {
    ObjectNode m = CompositeJson.MAPPER.createObjectNode();
    m.put("version", SCHEMA_VERSION);
    m.put("uid", a.id() + context.status().map(s -> "/" + s.label()).orElse(""));
    ObjectNode product = m.putObject("product");
    product.put("name", Product.NAME);
    product.put("vendor_name", Product.NAME);
    product.put("version", Product.VERSION);
    m.putArray("profiles").add("container").add("host");
    m.put("logged_time", millis(a.detectedAt()));
    if (!a.escalatedFrom().isEmpty()) {
      m.put("correlation_uid", a.escalatedFrom());
    }
    ArrayNode labels = m.putArray("labels");
    for (ActivityGroup g : a.groups()) {
      labels.add(g.id());
    }
    return m;
  }

  private static ObjectNode findingInfo(CompositeAlert a, FindingContext context) {
    ObjectNode f = CompositeJson.MAPPER.createObjectNode();
    f.put("uid", a.id());
    f.put("title", a.caseName());
    f.put("desc", a.definition().description());
    f.putArray("types").add("Container Escape");
    f.put("created_time", millis(a.detectedAt()));
    f.put("first_seen_time", millis(a.firstSeen()));
    f.put("last_seen_time", millis(a.lastSeen()));
    f.putArray("data_sources").add("falco");
    f.put("related_events_count", a.evidence().size());
    context.link().ifPresent(l -> f.put("src_url", l));
    ObjectNode analytic = f.putObject("analytic");
    analytic.put("uid", a.definition().id());
    analytic.put("name", a.caseName());
    analytic.put("type_id", 1);
    analytic.put("type", "Rule");
    analytic.put("category", "Container Escape");
    analytic.put(
        "desc",
        "Every group of "
            + groups(a)
            + " in one container within "
            + Durations.format(a.definition().window())
            + ". "
            + a.definition().description());
    ArrayNode attacks = f.putArray("attacks");
    for (Technique t : MitreAttack.techniques(a.definition().mitre())) {
      attacks(attacks, t);
    }
    return f;
  }

  private static String groups(CompositeAlert a) {
    List<String> ids = new ArrayList<>();
    a.definition().groups().forEach(g -> ids.add(g.id()));
    return String.join(", ", ids);
  }

  /**
   * One attack per tactic of the technique (one without a tactic when the technique is not in the
   * table).
   */
  private static void attacks(ArrayNode attacks, Technique t) {
    List<Tactic> tactics =
        t.tactics().isEmpty() ? java.util.Collections.singletonList(null) : t.tactics();
    for (Tactic tactic : tactics) {
      ObjectNode attack = attacks.addObject();
      attack.put("version", MitreAttack.VERSION);
      if (tactic != null) {
        attack
            .putObject("tactic")
            .put("uid", tactic.id())
            .put("name", tactic.name())
            .put("src_url", tactic.url());
      }
      Technique technique = t.parent().orElse(t);
      technique(attack.putObject("technique"), technique);
      if (t.isSubTechnique()) {
        technique(attack.putObject("sub_technique"), t);
      }
    }
  }

  private static void technique(ObjectNode n, Technique t) {
    n.put("uid", t.id());
    if (!t.name().isEmpty()) {
      n.put("name", t.name());
    }
    n.put("src_url", t.url());
  }

  private static ObjectNode evidence(CompositeAlert a, Evidence e) {
    ObjectNode n = CompositeJson.MAPPER.createObjectNode();
    n.put("name", e.rule());
    Optional<ObjectNode> user = user(e);
    Optional<Long> pid = FindingText.integer(e, "proc.pid");
    if (pid.isPresent()) {
      ObjectNode p = n.putObject("process");
      p.put("pid", pid.get());
      FindingText.text(e, "proc.name").ifPresent(v -> p.put("name", v));
      FindingText.text(e, "proc.cmdline").ifPresent(v -> p.put("cmd_line", v));
      FindingText.path(e, "proc.exepath").ifPresent(v -> p.set("file", file(v)));
      user.ifPresent(u -> p.set("user", u.deepCopy()));
      FindingText.integer(e, "proc.ppid")
          .ifPresent(
              ppid -> {
                ObjectNode parent = p.putObject("parent_process").put("pid", ppid);
                FindingText.text(e, "proc.pname").ifPresent(v -> parent.put("name", v));
              });
    }
    FindingText.path(e, "fd.name").ifPresent(v -> n.set("file", file(v)));
    ObjectNode container = n.putObject("container");
    container.put("uid", a.key().containerId());
    if (!a.info().containerName().isEmpty()) {
      container.put("name", a.info().containerName());
    }
    if (!a.info().image().isEmpty()) {
      container.set("image", image(a.info().image()));
    }
    if (!a.info().k8sPod().isEmpty()) {
      container.put("orchestrator", "Kubernetes");
    }
    user.ifPresent(u -> n.putObject("actor").set("user", u));
    ObjectNode data = n.putObject("data");
    data.put("falco_rule", e.rule());
    data.put("falco_priority", e.priority());
    data.put("group", e.group().id());
    data.put("mapping", e.mappingId());
    data.put("time", e.time().toString());
    data.put("output", e.output());
    data.set("output_fields", FieldJson.object(e.fields()));
    return n;
  }

  private static Optional<ObjectNode> user(Evidence e) {
    Optional<String> name = FindingText.text(e, "user.name");
    Optional<String> uid = FindingText.text(e, "user.uid");
    if (name.isEmpty() && uid.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode u = CompositeJson.MAPPER.createObjectNode();
    name.ifPresent(v -> u.put("name", v));
    uid.ifPresent(v -> u.put("uid", v));
    return Optional.of(u);
  }

  private static ObjectNode file(String path) {
    ObjectNode f = CompositeJson.MAPPER.createObjectNode();
    f.put("name", FindingText.baseName(path));
    f.put("path", path);
    // Falco does not say whether a path is a regular file; OCSF asks for Regular File then.
    f.put("type_id", 1);
    f.put("type", "Regular File");
    return f;
  }

  /**
   * The image by its reference ({@code uid}), repository ({@code name}) and tag ({@code image.tag}
   * is deprecated).
   */
  private static ObjectNode image(String ref) {
    ObjectNode i = CompositeJson.MAPPER.createObjectNode();
    i.put("uid", ref);
    i.put("name", FindingText.imageRepository(ref));
    FindingText.imageTag(ref)
        .ifPresent(t -> i.putArray("tags").addObject().put("name", "tag").put("value", t));
    return i;
  }

  private static ArrayNode resources(CompositeAlert a) {
    ArrayNode r = CompositeJson.MAPPER.createArrayNode();
    ObjectNode container = resource(r, "Container", FindingText.containerName(a), 3);
    container.put("uid", a.key().containerId());
    if (!a.info().image().isEmpty()) {
      resource(r, "Container Image", a.info().image(), 3);
    }
    if (!a.info().k8sPod().isEmpty()) {
      resource(r, "Kubernetes Pod", a.info().k8sPod(), 3).put("namespace", a.info().k8sNamespace());
    }
    if (!a.info().k8sNamespace().isEmpty()) {
      resource(r, "Kubernetes Namespace", a.info().k8sNamespace(), 3);
    }
    resource(r, a.info().k8sPod().isEmpty() ? "Host" : "Kubernetes Node", a.key().hostname(), 1)
        .put("hostname", a.key().hostname());
    return r;
  }

  private static ObjectNode resource(ArrayNode r, String type, String name, int role) {
    ObjectNode n = r.addObject();
    n.put("type", type);
    n.put("name", name);
    n.put("role_id", role);
    n.put("role", role == 1 ? "Target" : "Affected");
    return n;
  }

  private static ObjectNode device(CompositeAlert a) {
    ObjectNode d = CompositeJson.MAPPER.createObjectNode();
    d.put("type_id", 1);
    d.put("type", "Server");
    d.put("hostname", a.key().hostname());
    d.putObject("os").put("name", "Linux").put("type_id", 200).put("type", "Linux");
    return d;
  }

  private static ObjectNode remediation(CompositeAlert a) {
    ObjectNode r = CompositeJson.MAPPER.createObjectNode();
    StringBuilder desc = new StringBuilder();
    int i = 1;
    for (String step : a.definition().triage()) {
      desc.append(desc.length() == 0 ? "" : "\n").append(i++).append(". ").append(step);
    }
    r.put(
        "desc",
        desc.length() == 0
            ? "Investigate the container and the host named in the finding."
            : desc.toString());
    Set<String> refs = new LinkedHashSet<>();
    for (Technique t : MitreAttack.techniques(a.definition().mitre())) {
      refs.add(t.url());
    }
    refs.forEach(r.putArray("references")::add);
    return r;
  }
}
