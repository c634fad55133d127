package io.falcocorrelator.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.ServeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real Falco in the loop: a real {@code serve}, Falco 0.40 live (modern eBPF) with the kit of
 * falco-config/ as shipped posting to it over http_output, and the containers of
 * test-fixtures/live/ doing safe versions of escape steps, or ordinary work. Each container must
 * raise exactly its expected composites; a benign one none, and no alert from the kit's own rules.
 * Then the same with Falco's default {@code rule_matching: first}. Needs root, BPF, podman and the
 * Falco build from ../shared/falco-live/ (installed by .ci/run): fails under CI=true without them,
 * skips elsewhere. Exclude it with {@code -DexcludedGroups=live}.
 *
 * <p>The alerts each pass captured go to target/live/; with {@code -Dlive.record=true} they are
 * also written as scenario fixtures (test-fixtures/scenarios/live-falco-0.40-*.ndjson), which the
 * ordinary scenario tests replay without Falco.
 */
@Tag("live")
class LiveFalcoTest {
  static final JsonMapper MAPPER = JsonMapper.builder().build();
  static final Path CORE_PATTERN = Path.of("/proc/sys/kernel/core_pattern");
  static final Path OUT = Path.of("target", "live");
  static final Duration FALCO_LIMIT = Duration.ofMinutes(8);

  /**
   * How often each benign container starts; the bench runs it with -Dlive.benign.repeat=20
   * (docs/falco-live.md).
   */
  static final int BENIGN_REPEAT = Integer.getInteger("live.benign.repeat", 1);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path work;

  @Test
  void escapeStepsRaiseTheirCompositesAndBenignContainersNone() throws Exception {
    LivePrerequisites.requireOrSkip();
    List<LiveScenario> scenarios = LiveScenario.all();
    assertThat(scenarios)
        .as("test-fixtures/live")
        .anyMatch(LiveScenario::benign)
        .anyMatch(s -> !s.benign());
    String corePattern = Files.readString(CORE_PATTERN);
    Files.createDirectories(OUT);
    List<String> problems = new ArrayList<>();
    try (Podman podman = Podman.startService(Duration.ofMinutes(15));
        BoundedProcess hostTarget =
            BoundedProcess.start(
                "host-target", Duration.ofMinutes(15), Map.of(), List.of("sleep", "900"))) {
      for (RuleMatching pass : RuleMatching.values()) {
        problems.addAll(runPass(pass, scenarios, hostTarget.pid()));
      }
    } finally {
      restore(corePattern);
    }
    assertThat(Files.readString(CORE_PATTERN))
        .as("core_pattern after the test")
        .isEqualTo(corePattern);
    assertThat(problems).as("live scenarios (details in target/live/)").isEmpty();
  }

  /**
   * One pass: serve, Falco, every scenario container, then the comparison. Returns the mismatches.
   */
  private List<String> runPass(RuleMatching pass, List<LiveScenario> scenarios, long hostPid)
      throws Exception {
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    Path config = work.resolve("serve-" + pass.value + ".yaml");
    Files.writeString(
        config,
        "server: {host: 127.0.0.1, port: 0}\nauth:\n  basic: {username: falco, password: \""
            + password
            + "\"}\n  protect_api: true\nrules: {dir: "
            + Path.of("rules-yaml").toAbsolutePath()
            + ", watch: false}\n");
    ServeProcess serve = ServeProcess.start("serve", "--config", config.toString(), "--port", "0");
    try {
      Path etc = LiveFalco.install(work, pass, serve.uri());
      String ready = marker();
      try (LiveFalco falco =
          LiveFalco.start(
              etc, password, FALCO_LIMIT, l -> l.contains(ready), () -> readShadow(ready))) {
        List<Podman.Ran> ran = new ArrayList<>();
        for (LiveScenario s : scenarios) {
          for (int i = 0; i < (s.benign() ? BENIGN_REPEAT : 1); i++) {
            String before = Files.readString(CORE_PATTERN);
            try {
              ran.add(Podman.run(s, work, hostPid));
            } finally {
              restore(before);
            }
          }
        }
        String done = marker();
        falco.awaitAlert(
            "the end marker",
            l -> l.contains(done),
            () -> readShadow(done),
            Duration.ofSeconds(30));
        List<String> alerts = falco.alerts();
        awaitCorrelated(serve.uri(), alerts.size());
        List<JsonNode> composites = composites(serve.uri(), password);
        return compare(pass, ran, alerts, composites);
      }
    } finally {
      serve.process().destroy();
      if (!serve.process().waitFor(20, TimeUnit.SECONDS)) {
        serve.process().destroyForcibly();
      }
    }
  }

  private List<String> compare(
      RuleMatching pass, List<Podman.Ran> ran, List<String> alertLines, List<JsonNode> composites)
      throws Exception {
    Map<String, List<JsonNode>> alertsByContainer = new LinkedHashMap<>();
    List<String> captured = new ArrayList<>();
    Map<String, String> scenarioOf = new LinkedHashMap<>();
    ran.forEach(r -> scenarioOf.put(r.containerId(), r.scenario().name()));
    for (String line : alertLines) {
      JsonNode a = MAPPER.readTree(line);
      String id = a.path("output_fields").path("container.id").asString("");
      if (scenarioOf.containsKey(id)) {
        alertsByContainer.computeIfAbsent(id, k -> new ArrayList<>()).add(a);
        captured.add(line);
      }
    }
    List<String> problems = new ArrayList<>();
    StringBuilder report = new StringBuilder("rule_matching: " + pass.value + "\n");
    for (Podman.Ran r : ran) {
      List<JsonNode> alerts = alertsByContainer.getOrDefault(r.containerId(), List.of());
      List<String> actual =
          composites.stream()
              .filter(
                  c -> c.path("context").path("container_id").asString("").equals(r.containerId()))
              .map(LiveFalcoTest::describe)
              .sorted()
              .toList();
      List<String> expected = r.scenario().expected(pass).stream().sorted().toList();
      Map<String, Integer> byRule = countByRule(alerts);
      report.append(
          String.format(
              "%-32s %s alerts=%d composites=%s%n    %s%n",
              r.scenario().name(), r.containerId(), alerts.size(), actual, byRule));
      if (!actual.equals(expected)) {
        problems.add(
            pass.value
                + " "
                + r.scenario().name()
                + " ("
                + r.containerId()
                + "): composites "
                + actual
                + ", expected "
                + expected
                + "; its alerts by rule: "
                + byRule);
      }
      if (pass == RuleMatching.ALL && !byRule.keySet().containsAll(r.scenario().requiredRules())) {
        problems.add(
            pass.value
                + " "
                + r.scenario().name()
                + ": rules that must fire "
                + r.scenario().requiredRules()
                + ", fired: "
                + byRule.keySet());
      }
      long kitAlerts = alerts.stream().filter(a -> tags(a).contains("container_escape")).count();
      if (r.scenario().benign() && kitAlerts > 0) {
        problems.add(
            pass.value
                + " benign "
                + r.scenario().name()
                + ": "
                + kitAlerts
                + " alerts from the kit's rules: "
                + byRule);
      }
    }
    report.append(benignStarts(ran, alertsByContainer));
    Files.writeString(OUT.resolve("summary-rule-matching-" + pass.value + ".txt"), report);
    Files.write(OUT.resolve("alerts-rule-matching-" + pass.value + ".ndjson"), captured);
    System.out.print(report);
    if (Boolean.getBoolean("live.record")) {
      LiveRecording.write(pass, captured, composites, scenarioOf);
    }
    return problems;
  }

  /**
   * The measure: alerts per benign container start, from the kit's rules and from the stock rules.
   */
  private static String benignStarts(
      List<Podman.Ran> ran, Map<String, List<JsonNode>> alertsByContainer) {
    List<Podman.Ran> benign = ran.stream().filter(r -> r.scenario().benign()).toList();
    Map<String, Integer> kit = new TreeMap<>();
    Map<String, Integer> stock = new TreeMap<>();
    for (Podman.Ran r : benign) {
      for (JsonNode a : alertsByContainer.getOrDefault(r.containerId(), List.of())) {
        (tags(a).contains("container_escape") ? kit : stock)
            .merge(a.path("rule").asString(), 1, Integer::sum);
      }
    }
    int kitTotal = kit.values().stream().mapToInt(Integer::intValue).sum();
    int stockTotal = stock.values().stream().mapToInt(Integer::intValue).sum();
    return String.format(
        "benign container starts: %d; alerts per start from the kit's rules: %.2f %s; from the stock rules: %.2f %s%n",
        benign.size(),
        kitTotal / (double) Math.max(1, benign.size()),
        kit,
        stockTotal / (double) Math.max(1, benign.size()),
        stock);
  }

  static String describe(JsonNode composite) {
    List<String> related = new ArrayList<>();
    composite.path("related_cases").forEach(r -> related.add(r.asString()));
    return LiveScenario.describe(
        composite.path("severity").asString(), composite.path("case").asString(), related);
  }

  private static List<String> tags(JsonNode alert) {
    List<String> tags = new ArrayList<>();
    alert.path("tags").forEach(t -> tags.add(t.asString()));
    return tags;
  }

  private static Map<String, Integer> countByRule(List<JsonNode> alerts) {
    Map<String, Integer> counts = new TreeMap<>();
    alerts.forEach(a -> counts.merge(a.path("rule").asString(), 1, Integer::sum));
    return counts;
  }

  /** Waits until serve has received every alert Falco printed and correlated all it accepted. */
  private void awaitCorrelated(URI serve, int falcoAlerts) {
    Await.until(
        "serve to receive " + falcoAlerts + " alerts",
        Duration.ofSeconds(30),
        () -> metric(serve, "falco_correlator_alerts_received_total") >= falcoAlerts);
    Await.until(
        "serve to correlate what it accepted",
        Duration.ofSeconds(30),
        () ->
            metric(serve, "falco_correlator_alerts_correlation_outcome_total")
                >= metric(serve, "falco_correlator_alerts_accepted_total"));
  }

  private double metric(URI serve, String name) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(serve.resolve("/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.body()
          .lines()
          .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (Exception e) {
      return -1;
    }
  }

  private List<JsonNode> composites(URI serve, String password) throws Exception {
    String basic =
        Base64.getEncoder().encodeToString(("falco:" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(serve.resolve("/api/v1/composites?limit=1000"))
                .header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    MAPPER.readTree(r.body()).forEach(out::add);
    Collections.reverse(out);
    return out;
  }

  private static String marker() {
    return "live-marker-" + Long.toHexString(System.nanoTime());
  }

  /**
   * A host read of /etc/shadow ("Read sensitive file untrusted") whose command line carries the
   * marker.
   */
  private static void readShadow(String marker) {
    try {
      BoundedProcess.run(
          "marker", Duration.ofSeconds(5), Map.of(), List.of("cat", "/etc/shadow", "/" + marker));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts core_pattern back if anything changed it (the scenarios write back the same value). */
  private static void restore(String corePattern) throws Exception {
    if (!Files.readString(CORE_PATTERN).equals(corePattern)) {
      Files.writeString(CORE_PATTERN, corePattern);
    }
  }
}
