package io.falcocorrelator.output.ecs;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.correlate.codec.FieldJson;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.output.FindingContext;
import io.falcocorrelator.output.FindingText;
import io.falcocorrelator.output.MitreAttack;
import io.falcocorrelator.output.MitreAttack.Tactic;
import io.falcocorrelator.output.MitreAttack.Technique;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.output.Product;
import io.falcocorrelator.yaml.Durations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The composite as an Elastic Common Schema 9.4.0 alert document, for Elastic Security's alert
 * views, rules and dashboards. {@code event.kind: alert}; {@code event.category} is {@code
 * intrusion_detection} and {@code process}, plus {@code driver} for a kernel module load and {@code
 * file} when a file path is known; {@code event.type: info} (expected for each of them). ATT&CK in
 * {@code threat.*} as parallel arrays. ECS describes one process and one file per document: they
 * come from the last evidence that has them (the step that completed the case); every evidence,
 * with its typed {@code output_fields}, is under the custom namespace {@code falco_correlator}
 * (mapped by the shipped index template). {@code event.severity} uses the OCSF scale (5 Critical, 4
 * High, 3 Medium). Pure.
 */
public final class EcsPayloads {
  public static final PayloadFormat FORMAT = PayloadFormat.of("ecs", EcsPayloads::build);
  public static final String ECS_VERSION = "9.4.0";

  private EcsPayloads() {}

  public static ObjectNode build(CompositeAlert a, FindingContext context) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("@timestamp", context.time(a).toString());
    o.put("message", FindingText.summary(a));
    o.putArray("tags").add("container-escape").add(Product.NAME);
    o.putObject("ecs").put("version", ECS_VERSION);
    Optional<Evidence> process =
        last(a, e -> e.fields().containsKey("proc.name") || e.fields().containsKey("proc.pid"));
    Optional<Evidence> file = last(a, e -> FindingText.path(e, "fd.name").isPresent());
    o.set("event", event(a, context, file.isPresent()));
    o.set("rule", rule(a));
    o.set("threat", threat(a));
    o.set("container", container(a));
    if (!a.info().k8sPod().isEmpty() || !a.info().k8sNamespace().isEmpty()) {
      o.set("orchestrator", orchestrator(a));
    }
    o.putObject("host").put("hostname", a.key().hostname()).put("name", a.key().hostname());
    process.ifPresent(e -> o.set("process", process(e)));
    file.ifPresent(e -> o.set("file", file(FindingText.path(e, "fd.name").orElseThrow())));
    o.putObject("observer")
        .put("product", Product.NAME)
        .put("vendor", Product.NAME)
        .put("version", Product.VERSION)
        .put("type", "ids");
    o.set("related", related(a));
    o.set("falco_correlator", custom(a, context));
    return o;
  }

  private static Optional<Evidence> last(
      CompositeAlert a, java.util.function.Predicate<Evidence> has) {
    List<Evidence> all = a.evidence();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (has.test(all.get(i))) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  private static ObjectNode event(CompositeAlert a, FindingContext context, boolean hasFile) {
    ObjectNode e = CompositeJson.MAPPER.createObjectNode();
    e.put("kind", "alert");
    ArrayNode category = e.putArray("category").add("intrusion_detection").add("process");
    if (a.groups().contains(ActivityGroup.KERNEL_MODULE_ESCAPE)) {
      category.add("driver");
    }
    if (hasFile) {
      category.add("file");
    }
    e.putArray("type").add("info");
    e.put("action", a.definition().id());
    e.put("id", a.id());
    e.put("provider", Product.NAME);
    e.put("module", "falco_correlator");
    e.put("dataset", "falco_correlator.alert");
    e.put("severity", io.falcocorrelator.output.ocsf.OcsfPayloads.severityId(a));
    e.put("created", a.detectedAt().toString());
    e.put("start", a.firstSeen().toString());
    e.put("end", a.lastSeen().toString());
    e.put(
        "reason",
        "Groups "
            + String.join(", ", groupIds(a))
            + " in one container within "
            + Durations.format(a.definition().window()));
    context.link().ifPresent(l -> e.put("url", l));
    return e;
  }

  private static List<String> groupIds(CompositeAlert a) {
    return a.groups().stream().map(ActivityGroup::id).toList();
  }

  private static ObjectNode rule(CompositeAlert a) {
    ObjectNode r = CompositeJson.MAPPER.createObjectNode();
    r.put("id", a.definition().id());
    r.put("name", a.caseName());
    r.put("category", "Container Escape");
    r.put("ruleset", Product.NAME);
    r.put("description", a.definition().description());
    List<Technique> techniques = MitreAttack.techniques(a.definition().mitre());
    if (!techniques.isEmpty()) {
      r.put("reference", techniques.get(0).url());
    }
    return r;
  }

  private static ObjectNode threat(CompositeAlert a) {
    Set<Tactic> tactics = new LinkedHashSet<>();
    Set<Technique> techniques = new LinkedHashSet<>();
    Set<Technique> subs = new LinkedHashSet<>();
    for (Technique t : MitreAttack.techniques(a.definition().mitre())) {
      tactics.addAll(t.tactics());
      techniques.add(t.parent().orElse(t));
      if (t.isSubTechnique()) {
        subs.add(t);
      }
    }
    ObjectNode th = CompositeJson.MAPPER.createObjectNode();
    th.put("framework", MitreAttack.FRAMEWORK);
    ObjectNode tactic = th.putObject("tactic");
    ArrayNode ids = tactic.putArray("id");
    ArrayNode names = tactic.putArray("name");
    ArrayNode refs = tactic.putArray("reference");
    for (Tactic t : tactics) {
      ids.add(t.id());
      names.add(t.name());
      refs.add(t.url());
    }
    ObjectNode technique = th.putObject("technique");
    techniques(technique, techniques);
    if (!subs.isEmpty()) {
      techniques(technique.putObject("subtechnique"), subs);
    }
    return th;
  }

  private static void techniques(ObjectNode n, Set<Technique> techniques) {
    ArrayNode ids = n.putArray("id");
    ArrayNode names = n.putArray("name");
    ArrayNode refs = n.putArray("reference");
    for (Technique t : techniques) {
      ids.add(t.id());
      // Parallel arrays: an unknown technique keeps its place with its id as its name.
      names.add(t.name().isEmpty() ? t.id() : t.name());
      refs.add(t.url());
    }
  }

  private static ObjectNode container(CompositeAlert a) {
    ObjectNode c = CompositeJson.MAPPER.createObjectNode();
    c.put("id", a.key().containerId());
    if (!a.info().containerName().isEmpty()) {
      c.put("name", a.info().containerName());
    }
    if (!a.info().image().isEmpty()) {
      ObjectNode image = c.putObject("image");
      image.put("name", FindingText.imageRepository(a.info().image()));
      FindingText.imageTag(a.info().image()).ifPresent(t -> image.putArray("tag").add(t));
    }
    for (Evidence e : a.evidence()) {
      Object privileged = e.fields().get("container.privileged");
      if (privileged instanceof Boolean) {
        c.putObject("security_context").put("privileged", (Boolean) privileged);
        break;
      }
    }
    return c;
  }

  private static ObjectNode orchestrator(CompositeAlert a) {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("type", "kubernetes");
    if (!a.info().k8sNamespace().isEmpty()) {
      o.put("namespace", a.info().k8sNamespace());
    }
    if (!a.info().k8sPod().isEmpty()) {
      o.putObject("resource").put("type", "pod").put("name", a.info().k8sPod());
    }
    return o;
  }

  private static ObjectNode process(Evidence e) {
    ObjectNode p = CompositeJson.MAPPER.createObjectNode();
    FindingText.integer(e, "proc.pid").ifPresent(v -> p.put("pid", v));
    FindingText.text(e, "proc.name").ifPresent(v -> p.put("name", v));
    FindingText.text(e, "proc.exepath").ifPresent(v -> p.put("executable", v));
    FindingText.text(e, "proc.cmdline").ifPresent(v -> p.put("command_line", v));
    FindingText.integer(e, "proc.sid").ifPresent(v -> p.putObject("session_leader").put("pid", v));
    Optional<String> pname = FindingText.text(e, "proc.pname");
    Optional<Long> ppid = FindingText.integer(e, "proc.ppid");
    if (pname.isPresent() || ppid.isPresent()) {
      ObjectNode parent = p.putObject("parent");
      ppid.ifPresent(v -> parent.put("pid", v));
      pname.ifPresent(v -> parent.put("name", v));
    }
    Optional<String> user = FindingText.text(e, "user.name");
    Optional<String> uid = FindingText.text(e, "user.uid");
    if (user.isPresent() || uid.isPresent()) {
      ObjectNode u = p.putObject("user");
      uid.ifPresent(v -> u.put("id", v));
      user.ifPresent(v -> u.put("name", v));
    }
    return p;
  }

  private static ObjectNode file(String path) {
    ObjectNode f = CompositeJson.MAPPER.createObjectNode();
    f.put("path", path);
    String name = FindingText.baseName(path);
    f.put("name", name);
    int slash = path.lastIndexOf('/');
    f.put("directory", slash <= 0 ? "/" : path.substring(0, slash));
    int dot = name.lastIndexOf('.');
    if (dot > 0 && dot < name.length() - 1) {
      f.put("extension", name.substring(dot + 1));
    }
    return f;
  }

  private static ObjectNode related(CompositeAlert a) {
    ObjectNode r = CompositeJson.MAPPER.createObjectNode();
    r.putArray("hosts").add(a.key().hostname());
    Set<String> users = new LinkedHashSet<>();
    a.evidence().forEach(e -> FindingText.text(e, "user.name").ifPresent(users::add));
    if (!users.isEmpty()) {
      users.forEach(r.putArray("user")::add);
    }
    return r;
  }

  /**
   * Everything ECS has no field for: the correlation, the incident and every evidence with its
   * typed fields.
   */
  private static ObjectNode custom(CompositeAlert a, FindingContext context) {
    ObjectNode c = CompositeJson.MAPPER.createObjectNode();
    c.put("id", a.id());
    c.put("case_id", a.definition().id());
    c.put("severity", a.severity().label());
    groupIds(a).forEach(c.putArray("groups")::add);
    c.put("window", Durations.format(a.definition().window()));
    if (!a.escalatedFrom().isEmpty()) {
      c.put("escalated_from", a.escalatedFrom());
    }
    a.relatedCases().forEach(c.withArray("related_cases")::add);
    context.status().ifPresent(s -> c.put("status", s.label()));
    context.link().ifPresent(l -> c.put("link", l));
    a.definition().triage().forEach(c.withArray("triage")::add);
    ArrayNode evidence = c.putArray("evidence");
    for (Evidence e : a.evidence()) {
      ObjectNode n = evidence.addObject();
      n.put("group", e.group().id());
      n.put("mapping", e.mappingId());
      n.put("rule", e.rule());
      n.put("priority", e.priority());
      n.put("time", e.time().toString());
      n.put("output", e.output());
      n.set("output_fields", FieldJson.object(e.fields()));
    }
    return c;
  }
}
