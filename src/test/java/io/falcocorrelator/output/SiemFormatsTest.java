package io.falcocorrelator.output;

import static io.falcocorrelator.output.PayloadGoldenTest.HOSTILE;
import static io.falcocorrelator.output.PayloadGoldenTest.golden;
import static io.falcocorrelator.output.PayloadGoldenTest.pretty;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextInfo;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.output.alertmanager.AlertmanagerPayloads;
import io.falcocorrelator.output.ecs.EcsPayloads;
import io.falcocorrelator.output.elasticsearch.ElasticPayloads;
import io.falcocorrelator.output.ocsf.OcsfPayloads;
import io.falcocorrelator.output.pagerduty.PagerDutyPayloads;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.MutableClock;
import io.falcocorrelator.support.Scenarios;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCSF and ECS payloads: golden files over the hostile composite, every OCSF document validated
 * against the OCSF 1.8.0 Detection Finding schema and every ECS document checked against the ECS
 * 9.4.0 field list (src/test/resources/siem-formats/, see PROVENANCE.md), for the hostile
 * composite, every status change and every composite of the scenario corpus.
 */
class SiemFormatsTest {
  static final Path REF = Path.of("src/test/resources/siem-formats");
  static final Schema OCSF = ocsfSchema();
  static final EcsFieldList ECS = EcsFieldList.load(REF.resolve("ecs-9.4.0-fields.json"));
  static final FindingContext LINKED =
      FindingContext.of(HOSTILE, Optional.of("https://correlator.example/"));

  static Schema ocsfSchema() {
    try {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(
              Files.readString(REF.resolve("ocsf-1.8.0-detection-finding.schema.json")),
              InputFormat.JSON);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> ocsfErrors(JsonNode doc) {
    return OCSF.validate(doc.toString(), InputFormat.JSON).stream().map(Object::toString).toList();
  }

  @Test
  void ocsfGolden() throws Exception {
    ObjectNode doc = OcsfPayloads.build(HOSTILE, LINKED);
    golden("ocsf/hostile.json", pretty(doc));
    assertThat(ocsfErrors(doc)).isEmpty();
    assertThat(doc.path("class_uid").asInt()).isEqualTo(2004);
    assertThat(doc.path("type_uid").asInt()).isEqualTo(200401);
    assertThat(doc.path("severity_id").asInt()).isEqualTo(4);
    assertThat(doc.path("status_id").asInt()).isEqualTo(1);
    JsonNode info = doc.path("finding_info");
    assertThat(info.path("uid").asString()).isEqualTo(HOSTILE.id());
    assertThat(info.path("title").asString()).isEqualTo("Docker Socket Escape");
    assertThat(info.path("analytic").path("uid").asString()).isEqualTo("docker_socket_escape");
    assertThat(info.path("first_seen_time").asLong()).isEqualTo(HOSTILE.firstSeen().toEpochMilli());
    assertThat(info.path("last_seen_time").asLong()).isEqualTo(HOSTILE.lastSeen().toEpochMilli());
    assertThat(info.path("src_url").asString())
        .isEqualTo("https://correlator.example/ui/incidents/" + HOSTILE.id());
    // Every technique the case lists, each with its tactics, names and links.
    List<String> techniques = new ArrayList<>();
    for (JsonNode attack : info.path("attacks")) {
      techniques.add(attack.path("technique").path("uid").asString());
      assertThat(attack.path("tactic").path("uid").asString()).startsWith("TA");
      assertThat(attack.path("technique").path("name").asString()).isNotEmpty();
    }
    assertThat(techniques).containsAll(HOSTILE.definition().mitre());
    assertThat(doc.path("evidences")).hasSize(HOSTILE.evidence().size());
    JsonNode first = doc.path("evidences").get(0);
    assertThat(first.path("process").path("pid").isIntegralNumber()).isTrue();
    assertThat(first.path("file").path("path").asString()).isEqualTo("/proc/self/status");
    assertThat(first.path("actor").path("user").path("name").asString()).isEqualTo("root");
    assertThat(first.path("data").path("output_fields").path("container.privileged").isBoolean())
        .isTrue();
    List<String> resources = new ArrayList<>();
    doc.path("resources").forEach(r -> resources.add(r.path("type").asString()));
    assertThat(resources)
        .containsExactly(
            "Container",
            "Container Image",
            "Kubernetes Pod",
            "Kubernetes Namespace",
            "Kubernetes Node");
    assertThat(doc.path("remediation").path("desc").asString()).startsWith("1. Runtime socket");
    assertThat(doc.path("metadata").path("product").path("name").asString())
        .isEqualTo("falco-correlator");
    assertThat(doc.path("raw_data").asString()).isEqualTo(CompositeJson.toLine(HOSTILE));
  }

  @Test
  void ocsfStatusChangesAreUpdatesAndCloseOfTheSameFinding() {
    Instant at = Instant.parse("2026-02-17T04:00:00Z");
    for (IncidentStatus s : IncidentStatus.values()) {
      ObjectNode doc = OcsfPayloads.build(HOSTILE, LINKED.withStatus(s, at));
      assertThat(ocsfErrors(doc)).as(s.label()).isEmpty();
      assertThat(doc.path("finding_info").path("uid").asString()).isEqualTo(HOSTILE.id());
      assertThat(doc.path("time").asLong()).isEqualTo(at.toEpochMilli());
    }
    ObjectNode resolved =
        OcsfPayloads.build(HOSTILE, LINKED.withStatus(IncidentStatus.RESOLVED, at));
    assertThat(resolved.path("activity_id").asInt()).isEqualTo(3);
    assertThat(resolved.path("type_uid").asInt()).isEqualTo(200403);
    assertThat(resolved.path("status_id").asInt()).isEqualTo(4);
    ObjectNode acked =
        OcsfPayloads.build(HOSTILE, LINKED.withStatus(IncidentStatus.ACKNOWLEDGED, at));
    assertThat(acked.path("type_uid").asInt()).isEqualTo(200402);
    assertThat(acked.path("status_id").asInt()).isEqualTo(2);
  }

  @Test
  void theSchemaAcceptsTheExampleAndRejectsEachInvalidExample() throws Exception {
    assertThat(ocsfErrors(read("ocsf-detection-finding.example.json"))).isEmpty();
    assertThat(ocsfErrors(read("ocsf-detection-finding.invalid-missing-required.json")))
        .anyMatch(e -> e.contains("finding_info"));
    assertThat(ocsfErrors(read("ocsf-detection-finding.invalid-enum.json")))
        .anyMatch(e -> e.contains("severity_id"));
    assertThat(ocsfErrors(read("ocsf-detection-finding.invalid-type.json")))
        .anyMatch(e -> e.contains("time"));
    assertThat(ocsfErrors(read("ocsf-detection-finding.invalid-type-uid.json")))
        .anyMatch(e -> e.contains("type_uid"));
    // And what this builder could get wrong: a misspelt key, a string pid.
    ObjectNode doc = OcsfPayloads.build(HOSTILE, FindingContext.NONE);
    ((ObjectNode) doc.path("finding_info")).put("titel", "x");
    assertThat(ocsfErrors(doc)).isNotEmpty();
    ObjectNode pid = OcsfPayloads.build(HOSTILE, FindingContext.NONE);
    ((ObjectNode) pid.path("evidences").get(0).path("process")).put("pid", "31337");
    assertThat(ocsfErrors(pid)).isNotEmpty();
  }

  @Test
  void ecsGolden() throws Exception {
    ObjectNode doc = EcsPayloads.build(HOSTILE, LINKED);
    golden("ecs/hostile.json", pretty(doc));
    assertThat(ECS.problems(doc)).isEmpty();
    assertThat(doc.path("event").path("kind").asString()).isEqualTo("alert");
    assertThat(doc.path("event").path("severity").asInt()).isEqualTo(4);
    assertThat(doc.path("rule").path("name").asString()).isEqualTo("Docker Socket Escape");
    assertThat(doc.path("threat").path("technique").path("id").toString())
        .contains("T1611", "T1610", "T1609", "T1613");
    assertThat(doc.path("threat").path("tactic").path("id").toString()).contains("TA0004");
    assertThat(doc.path("container").path("id").asString()).isEqualTo("d0cca5a0c4e7");
    assertThat(doc.path("container").path("security_context").path("privileged").isBoolean())
        .isTrue();
    assertThat(doc.path("orchestrator").path("resource").path("name").asString())
        .isEqualTo("ci-runner-<!everyone>");
    assertThat(doc.path("host").path("hostname").asString()).isEqualTo(HOSTILE.key().hostname());
    // The step that completed the case: the last evidence.
    assertThat(doc.path("process").path("name").asString()).isEqualTo("docker");
    assertThat(doc.path("process").path("pid").asLong()).isEqualTo(31337L);
    assertThat(doc.path("falco_correlator").path("evidence")).hasSize(HOSTILE.evidence().size());
    assertThat(
            doc.path("falco_correlator")
                .path("evidence")
                .get(0)
                .path("output_fields")
                .path("proc.pid")
                .isIntegralNumber())
        .isTrue();
    assertThat(doc.path("event").path("url").asString()).endsWith("/ui/incidents/" + HOSTILE.id());
  }

  @Test
  void theEcsCheckerAcceptsTheExampleAndCatchesMistakes() throws Exception {
    assertThat(ECS.problems(read("ecs-alert.example.json"))).isEmpty();
    ObjectNode kind = EcsPayloads.build(HOSTILE, FindingContext.NONE);
    ((ObjectNode) kind.path("event")).put("kind", "alarm");
    assertThat(ECS.problems(kind)).anyMatch(p -> p.contains("event.kind"));
    ObjectNode typo = EcsPayloads.build(HOSTILE, FindingContext.NONE);
    ((ObjectNode) typo.path("container")).put("imgae", "x");
    assertThat(ECS.problems(typo)).anyMatch(p -> p.contains("container.imgae"));
    ObjectNode notArray = EcsPayloads.build(HOSTILE, FindingContext.NONE);
    notArray.put("tags", "x");
    assertThat(ECS.problems(notArray)).anyMatch(p -> p.contains("tags"));
    ObjectNode pid = EcsPayloads.build(HOSTILE, FindingContext.NONE);
    ((ObjectNode) pid.path("process")).put("pid", "31337");
    assertThat(ECS.problems(pid)).anyMatch(p -> p.contains("process.pid"));
    ObjectNode type = EcsPayloads.build(HOSTILE, FindingContext.NONE);
    type.withObject("event").putArray("type").add("installation");
    assertThat(ECS.problems(type)).anyMatch(p -> p.contains("installation"));
    ObjectNode noVersion = EcsPayloads.build(HOSTILE, FindingContext.NONE);
    noVersion.remove("ecs");
    assertThat(ECS.problems(noVersion)).anyMatch(p -> p.contains("ecs.version"));
  }

  @Test
  void elasticsearchDefaultsToEcs() throws Exception {
    String bulk =
        ElasticPayloads.bulk(HOSTILE, "falco-composites", EcsPayloads.FORMAT, FindingContext.NONE);
    golden("elasticsearch/hostile-ecs.ndjson", bulk);
    String[] lines = bulk.split("\n");
    assertThat(lines[0])
        .isEqualTo(
            "{\"index\":{\"_index\":\"falco-composites-2026.02.17\",\"_id\":\""
                + HOSTILE.id()
                + "\"}}");
    assertThat(ECS.problems(CompositeJson.MAPPER.readTree(lines[1]))).isEmpty();
  }

  @Test
  void pagingPayloadGoldens() throws Exception {
    String key = "R0UTING0KEY0000000000000000000ab";
    golden(
        "pagerduty/hostile-trigger.json",
        pretty(PagerDutyPayloads.trigger(HOSTILE, key, HOSTILE.id(), LINKED)));
    golden(
        "pagerduty/hostile-resolve.json",
        pretty(
            PagerDutyPayloads.statusChange(
                HOSTILE, key, HOSTILE.id(), IncidentStatus.RESOLVED, LINKED)));
    golden(
        "alertmanager/hostile.json",
        pretty(
            AlertmanagerPayloads.body(
                List.of(
                    AlertmanagerPayloads.alert(
                        HOSTILE,
                        LINKED,
                        java.util.Map.of("team", "security"),
                        Instant.parse("2026-02-17T03:19:10Z"))))));
  }

  @Test
  void nativeCarriesTheLinkAndTheStatusWhenKnown() {
    ObjectNode plain = Formats.NATIVE.document(HOSTILE, FindingContext.NONE);
    assertThat(plain).isEqualTo(CompositeJson.toJson(HOSTILE));
    ObjectNode linked =
        Formats.NATIVE.document(HOSTILE, LINKED.withStatus(IncidentStatus.RESOLVED, Instant.EPOCH));
    assertThat(linked.path("link").asString())
        .isEqualTo("https://correlator.example/ui/incidents/" + HOSTILE.id());
    assertThat(linked.path("status").asString()).isEqualTo("resolved");
  }

  /**
   * Every composite of every scenario, in both formats: escalations, folds, no Kubernetes, no
   * image, ...
   */
  @Test
  void everyScenarioCompositeIsValidOcsfAndEcs() throws Exception {
    List<CompositeAlert> composites = scenarioComposites();
    assertThat(composites.size()).isGreaterThanOrEqualTo(15);
    for (CompositeAlert c : composites) {
      FindingContext context = FindingContext.of(c, Optional.of("https://correlator.example"));
      assertThat(ocsfErrors(OcsfPayloads.build(c, context)))
          .as("OCSF of " + c.caseName() + " " + c.id())
          .isEmpty();
      assertThat(ECS.problems(EcsPayloads.build(c, context)))
          .as("ECS of " + c.caseName() + " " + c.id())
          .isEmpty();
    }
  }

  /**
   * The shipped index template maps every ECS field the documents carry with the type ECS gives it.
   */
  @Test
  void theIndexTemplateMapsEveryEcsFieldWithItsEcsType() throws Exception {
    Path deploy = Path.of("deploy/elasticsearch");
    JsonNode component =
        CompositeJson.MAPPER.readTree(Files.readString(deploy.resolve("component-template.json")));
    JsonNode properties = component.path("template").path("mappings").path("properties");
    List<String> checked = new ArrayList<>();
    List<CompositeAlert> composites = scenarioComposites();
    composites.add(HOSTILE);
    for (CompositeAlert c : composites) {
      for (String field : leaves("", EcsPayloads.build(c, LINKED))) {
        if (field.startsWith(EcsFieldList.CUSTOM + ".")) {
          continue;
        }
        JsonNode mapping = properties;
        for (String part : field.split("\\.")) {
          mapping =
              mapping.path(part).has("properties")
                  ? mapping.path(part).path("properties")
                  : mapping.path(part);
        }
        assertThat(mapping.path("type").asString())
            .as("mapping of " + field)
            .isEqualTo(ECS.type(field));
        checked.add(field);
      }
    }
    assertThat(checked)
        .contains(
            "process.pid",
            "threat.technique.subtechnique.id",
            "container.security_context.privileged");
    JsonNode evidence =
        properties.path("falco_correlator").path("properties").path("evidence").path("properties");
    assertThat(evidence.path("output_fields").path("subobjects").asBoolean(true))
        .as("dotted Falco names stay leaf names")
        .isFalse();
    JsonNode index =
        CompositeJson.MAPPER.readTree(Files.readString(deploy.resolve("index-template.json")));
    assertThat(index.path("index_patterns").get(0).asString()).isEqualTo("falco-composites-*");
    assertThat(ElasticPayloads.index(HOSTILE, "falco-composites")).startsWith("falco-composites-");
    assertThat(index.path("composed_of").get(0).asString()).isEqualTo("falco-correlator-ecs");
    String policy = index.path("template").path("settings").path("index.lifecycle.name").asString();
    JsonNode ilm =
        CompositeJson.MAPPER.readTree(Files.readString(deploy.resolve("ilm-policy.json")));
    assertThat(ilm.path("policy").path("phases").path("delete").path("actions").has("delete"))
        .isTrue();
    // The one documented curl installs the three under the names that refer to each other.
    String docs = Files.readString(Path.of("docs/outputs.md"));
    assertThat(docs)
        .contains("_ilm/policy/" + policy)
        .contains("_component_template/falco-correlator-ecs")
        .contains("_index_template/falco-composites")
        .contains("deploy/elasticsearch/component-template.json");
  }

  private static List<String> leaves(String prefix, JsonNode node) {
    List<String> out = new ArrayList<>();
    for (java.util.Map.Entry<String, JsonNode> e : node.properties()) {
      String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        out.addAll(leaves(name, e.getValue()));
      } else {
        out.add(name);
      }
    }
    return out;
  }

  static List<CompositeAlert> scenarioComposites() throws Exception {
    RuleSet rules = RulesLoader.embedded();
    List<CompositeAlert> composites = new ArrayList<>();
    for (Scenarios.Scenario s : Scenarios.all()) {
      ContextTable table =
          new ContextTable(
              rules.correlator(),
              rules.contextKeys(),
              new MutableClock(Instant.parse("2026-11-28T00:00:00Z")),
              new CorrelationStats());
      try (InputStream in = Files.newInputStream(s.alerts())) {
        new AlertReader()
            .read(
                in,
                new AlertReader.Listener() {
                  @Override
                  public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
                    table.process(alert, rules.classifier().classify(alert), composites::add);
                  }

                  @Override
                  public void error(ItemError error) {}
                });
      }
    }
    composites.add(withoutKubernetes(HOSTILE));
    return composites;
  }

  private static CompositeAlert withoutKubernetes(CompositeAlert a) {
    return new CompositeAlert(
        a.id(),
        a.definition(),
        a.key(),
        new ContextInfo("", "", "", ""),
        a.groups(),
        a.evidence(),
        a.firstSeen(),
        a.lastSeen(),
        a.relatedCases(),
        "f1450df0-6aab-34ad-a1cc-9b7dbd8f7b1d",
        a.detectedAt());
  }

  private static JsonNode read(String name) throws Exception {
    return CompositeJson.MAPPER.readTree(Files.readString(REF.resolve(name)));
  }

  @Test
  void theMitreTableNamesEveryTechniqueTheCasesUse() {
    for (io.falcocorrelator.correlate.CaseDefinition c : RulesLoader.embedded().cases().all()) {
      for (MitreAttack.Technique t : MitreAttack.techniques(c.mitre())) {
        assertThat(t.name()).as(c.id() + " " + t.id()).isNotEmpty();
        assertThat(t.tactics()).as(c.id() + " " + t.id()).isNotEmpty();
      }
    }
    assertThat(MitreAttack.technique("T1547.006").url())
        .isEqualTo("https://attack.mitre.org/techniques/T1547/006/");
    assertThat(MitreAttack.technique("T9999").name()).isEmpty();
  }
}
