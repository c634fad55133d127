package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.cli.Main;
import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.support.ConfigProblems;
import io.falcocorrelator.support.ScriptedHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsConfigTest {
  @Test
  void readsEveryOutputTypeWithRoutingAndRedactsSecrets(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "outputs:",
            "  - {name: pager, type: slack, webhook_url: '${SLACK_URL}', min_severity: Critical, channel: '#pager'}",
            "  - {name: siem, type: webhook, url: https://siem.example/in, method: PUT, headers: {Authorization: 'Bearer ${TOKEN}'}}",
            "  - {name: splunk, type: splunk, url: https://splunk:8088, token: '${TOKEN}', index: security, namespaces: [prod]}",
            "  - {name: es, type: elasticsearch, url: https://es:9200, api_key: '${TOKEN}', cases: [docker_socket_escape]}",
            "  - {name: syslog-cef, type: syslog, host: siem.example, protocol: tls, format: cef, facility: auth, hosts: [node-1]}",
            "  - {name: sidekick, type: falco, url: 'http://falcosidekick:2801/'}",
            "  - {name: archive, type: file, path: composites.ndjson, concurrency: 1}",
            "spool: {dir: /var/lib/falco-correlator/spool, fsync: true}",
            "delivery: {max_attempts: 5, initial_backoff: 2s, max_backoff: 1m, budget: 10m}"));
    ServerConfig c =
        ServerConfigLoader.load(
            f,
            Map.of(
                    "SLACK_URL",
                    "https://hooks.slack.com/services/T/B/secretpart",
                    "TOKEN",
                    "tok-xyz")
                ::get);
    var routes = c.outputs().routes();
    assertThat(routes)
        .extracting(OutputConfig::name)
        .containsExactly("pager", "siem", "splunk", "es", "syslog-cef", "sidekick", "archive");
    assertThat(routes.get(0).minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(routes.get(2).namespaces()).containsExactly("prod");
    assertThat(routes.get(6).concurrency()).isEqualTo(1);
    assertThat(routes.get(0).concurrency()).isEqualTo(2);
    assertThat(c.outputs().fsync()).isTrue();
    assertThat(c.outputs().retry())
        .isEqualTo(
            new RetryPolicy(
                5, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(10)));
    assertThat(c.summary() + routes).doesNotContain("secretpart").doesNotContain("tok-xyz");
    assertThat(routes.get(0).accepts(PayloadGoldenTest.HOSTILE)).isFalse();
    assertThat(routes.get(1).accepts(PayloadGoldenTest.HOSTILE)).isTrue();
    assertThat(routes.get(3).accepts(PayloadGoldenTest.HOSTILE)).isTrue();
    assertThat(routes.get(2).accepts(PayloadGoldenTest.HOSTILE)).isFalse();
  }

  @Test
  void readsFormatsAndPagingOutputs(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("pd.key");
    Files.writeString(key, "R0UTINGKEYFROMFILE0000000000000\n");
    Path f = dir.resolve("c.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "outputs:",
            "  - {name: lake, type: webhook, url: https://lake.example/in, format: ocsf}",
            "  - {name: es, type: elasticsearch, url: https://es:9200}",
            "  - {name: es-native, type: elasticsearch, url: https://es:9200, format: native}",
            "  - {name: hec, type: splunk, url: https://splunk:8088, token: t, format: ocsf}",
            "  - {name: archive, type: file, path: f.ndjson, format: ecs}",
            "  - {name: pd, type: pagerduty, routing_key: '${PD_KEY}', min_severity: Critical}",
            "  - {name: pd-file, type: pagerduty, routing_key_file: '"
                + key
                + "', url: 'https://events.eu.pagerduty.com/v2/enqueue'}",
            "  - {name: am, type: alertmanager, url: 'http://alertmanager:9093', repeat_interval: 30s, active_for: 12h, labels: {team: security}}"));
    ServerConfig c = ServerConfigLoader.load(f, Map.of("PD_KEY", "pd-secret-routing-key")::get);
    var routes = c.outputs().routes();
    assertThat(
            ((io.falcocorrelator.output.webhook.WebhookSettings) routes.get(0).settings())
                .format()
                .name())
        .isEqualTo("ocsf");
    assertThat(
            ((io.falcocorrelator.output.elasticsearch.ElasticSettings) routes.get(1).settings())
                .format()
                .name())
        .isEqualTo("ecs");
    assertThat(
            ((io.falcocorrelator.output.elasticsearch.ElasticSettings) routes.get(2).settings())
                .format()
                .name())
        .isEqualTo("native");
    assertThat(
            ((io.falcocorrelator.output.splunk.SplunkSettings) routes.get(3).settings())
                .format()
                .name())
        .isEqualTo("ocsf");
    assertThat(
            ((io.falcocorrelator.output.file.FileSettings) routes.get(4).settings())
                .format()
                .name())
        .isEqualTo("ecs");
    var pd = (io.falcocorrelator.output.pagerduty.PagerDutySettings) routes.get(5).settings();
    assertThat(pd.routingKey().reveal()).isEqualTo("pd-secret-routing-key");
    assertThat(pd.target().url().reveal()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
    var pdFile = (io.falcocorrelator.output.pagerduty.PagerDutySettings) routes.get(6).settings();
    assertThat(pdFile.routingKey().reveal()).isEqualTo("R0UTINGKEYFROMFILE0000000000000");
    var am = (io.falcocorrelator.output.alertmanager.AlertmanagerSettings) routes.get(7).settings();
    assertThat(am.repeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(am.activeFor()).isEqualTo(Duration.ofHours(12));
    assertThat(am.labels()).containsEntry("team", "security");
    assertThat(c.summary() + routes)
        .doesNotContain("pd-secret-routing-key")
        .doesNotContain("R0UTINGKEYFROMFILE");
  }

  @Test
  void reportsBadOutputs(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "outputs:",
            "  - {name: a, type: opsgenie}",
            "  - {name: b, type: webhook}",
            "  - {name: B!, type: syslog, host: x, protocol: sctp}",
            "  - {name: d, type: slack, webhook_url: x, colour: red}",
            "  - {name: e, type: pagerduty}",
            "  - {name: f, type: webhook, url: 'https://x.example', format: cef}",
            "  - {name: g, type: alertmanager, url: 'http://am:9093', repeat_interval: 100ms, labels: {bad-name: x}}"));
    assertThat(ConfigProblems.of(() -> ServerConfigLoader.load(f, k -> null)))
        .containsExactly(
            "c.yaml:2 outputs[0].type: unknown output type \"opsgenie\" (slack, webhook, splunk, elasticsearch, syslog, falco, file, pagerduty, alertmanager)",
            "c.yaml:3 outputs[1]: missing required key \"url\"",
            "c.yaml:4 outputs[2].name: name must be lower-case letters, digits, - and _ (it names spool files and metrics)",
            "c.yaml:4 outputs[2].protocol: protocol must be udp, tcp or tls",
            "c.yaml:5 outputs[3].colour: unknown key \"colour\" (allowed: name, type, min_severity, cases, namespaces, hosts, concurrency, webhook_url, channel, username, icon, ca_cert, insecure)",
            "c.yaml:5 outputs[3].webhook_url: webhook_url must be an http:// or https:// URL",
            "c.yaml:6 outputs[4]: give routing_key or routing_key_file (the Events API v2 integration key)",
            "c.yaml:7 outputs[5].format: unknown format \"cef\" (native, ocsf, ecs)",
            "c.yaml:8 outputs[6].repeat_interval: repeat_interval must be at least 1s",
            "c.yaml:8 outputs[6].labels.bad-name: label name \"bad-name\" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
  }

  @Test
  void resendsADeadLetterFile(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer hook = new ScriptedHttpServer()) {
      Path config = dir.resolve("c.yaml");
      Files.writeString(
          config, "outputs:\n  - {name: hook, type: webhook, url: '" + hook.url("/") + "'}\n");
      Spool spool = new Spool(dir.resolve("spool"), false);
      spool.deadLetter(
          PayloadGoldenTest.HOSTILE,
          "hook",
          "HTTP 503",
          8,
          java.time.Instant.parse("2026-02-17T04:00:00Z"));
      spool.deadLetter(
          PayloadGoldenTest.HOSTILE,
          "gone",
          "HTTP 503",
          8,
          java.time.Instant.parse("2026-02-17T04:00:00Z"));
      spool.deadLetter(
          PayloadGoldenTest.HOSTILE,
          java.util.Optional.of(
              StatusUpdate.of(
                  IncidentStatus.RESOLVED,
                  "analyst",
                  java.time.Instant.parse("2026-02-17T05:00:00Z"))),
          "hook",
          "HTTP 503",
          8,
          java.time.Instant.parse("2026-02-17T05:00:01Z"));
      Path dead = dir.resolve("spool").resolve(Spool.DEAD_LETTER);
      assertThat(Main.run("resend", "--config", config.toString(), dead.toString())).isEqualTo(1);
      assertThat(hook.requests).hasSize(2);
      assertThat(hook.requests.get(0).header("X-Falco-Correlator-Id"))
          .isEqualTo(PayloadGoldenTest.HOSTILE.id());
      // A dead-lettered status change is sent again as that status change.
      assertThat(hook.requests.get(1).header("X-Falco-Correlator-Event"))
          .isEqualTo("incident.status");
      assertThat(
              io.falcocorrelator.correlate.codec.CompositeJson.MAPPER
                  .readTree(hook.requests.get(1).body())
                  .path("status")
                  .asString())
          .isEqualTo("resolved");
      assertThat(Files.readString(dead.resolveSibling(Spool.DEAD_LETTER + ".failed")))
          .contains("\"route\":\"gone\"")
          .contains("no output named");
    }
  }
}
