package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.elasticsearch.ElasticPayloads;
import io.falcocorrelator.output.falco.FalcoPayloads;
import io.falcocorrelator.output.slack.SlackPayloads;
import io.falcocorrelator.output.slack.SlackSettings;
import io.falcocorrelator.output.splunk.SplunkPayloads;
import io.falcocorrelator.output.splunk.SplunkSettings;
import io.falcocorrelator.output.syslog.Cef;
import io.falcocorrelator.output.syslog.Rfc5424;
import io.falcocorrelator.output.syslog.SyslogSettings;
import io.falcocorrelator.yaml.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every sink's payload for one composite full of hostile strings (newlines, {@code |}, {@code =},
 * {@code \}, mrkdwn, {@code <!channel>}, a 10 KiB command line, non-ASCII), compared with golden
 * files in src/test/resources/output/. Regenerate after an intended change with {@code mvn test
 * -Dtest=PayloadGoldenTest -Dgoldens.update=true} and review the diff.
 */
class PayloadGoldenTest {
  static final Path DIR = Path.of("src/test/resources/output");
  static final CompositeAlert HOSTILE = load();

  static CompositeAlert load() {
    try {
      return CompositeJson.fromJson(
          CompositeJson.MAPPER.readTree(Files.readString(DIR.resolve("composite-hostile.json"))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void golden(String name, String actual) throws Exception {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean("goldens.update") || !Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual)
        .as("golden " + file + " (regenerate with -Dgoldens.update=true and review)")
        .isEqualTo(Files.readString(file));
  }

  static String pretty(Object node) {
    return CompositeJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
  }

  @Test
  void slack() throws Exception {
    SlackSettings s =
        new SlackSettings(
            new HttpTarget(
                new Secret("https://hooks.slack.example/T/B/x"),
                "POST",
                Map.of(),
                ClientTls.DEFAULT),
            Optional.of("#security-critical"),
            Optional.of("falco-correlator"),
            Optional.of(":shield:"));
    JsonNode payload = SlackPayloads.build(HOSTILE, s);
    golden("slack/hostile.json", pretty(payload));
    String text = payload.toString();
    assertThat(text)
        .doesNotContain("<!channel>")
        .doesNotContain("<!everyone>")
        .doesNotContain("<https://evil")
        .contains("&lt;!channel&gt;")
        .contains("&amp;");
    for (JsonNode block : payload.path("attachments").get(0).path("blocks")) {
      assertThat(block.path("text").path("text").asString("").length()).isLessThanOrEqualTo(3000);
      String t = block.path("text").path("text").asString("");
      // Exactly two fences per evidence section: an attacker's ``` cannot close the block early.
      if (t.contains("```")) {
        assertThat(t.split("```", -1)).hasSize(3);
      }
    }
    assertThat(payload.path("attachments").get(0).path("color").asString()).isEqualTo("#E36209");
  }

  @Test
  void webhookIsTheCompositeJson() throws Exception {
    golden("webhook/hostile.json", pretty(CompositeJson.toJson(HOSTILE)));
  }

  @Test
  void splunkHec() throws Exception {
    SplunkSettings s =
        new SplunkSettings(
            new HttpTarget(new Secret("https://splunk:8088"), "POST", Map.of(), ClientTls.DEFAULT),
            new Secret("tok"),
            Optional.of("security"),
            "falco:correlator",
            "falco-correlator",
            Formats.NATIVE);
    JsonNode p = SplunkPayloads.build(HOSTILE, s, FindingContext.NONE);
    golden("splunk/hostile.json", pretty(p));
    assertThat(p.path("event").path("id").asString()).isEqualTo(HOSTILE.id());
    assertThat(p.path("sourcetype").asString()).isEqualTo("falco:correlator");
  }

  @Test
  void elasticsearchBulk() throws Exception {
    String bulk =
        ElasticPayloads.bulk(HOSTILE, "falco-composites", Formats.NATIVE, FindingContext.NONE);
    golden("elasticsearch/hostile.ndjson", bulk);
    String[] lines = bulk.split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .isEqualTo(
            "{\"index\":{\"_index\":\"falco-composites-2026.02.17\",\"_id\":\""
                + HOSTILE.id()
                + "\"}}");
  }

  @Test
  void falcoShaped() throws Exception {
    JsonNode p = FalcoPayloads.build(HOSTILE);
    golden("falco/hostile.json", pretty(p));
    assertThat(p.path("rule").asString()).isEqualTo("Docker Socket Escape");
    assertThat(p.path("priority").asString()).isEqualTo("Error");
    assertThat(p.path("source").asString()).isEqualTo("falco-correlator");
    assertThat(p.path("tags").toString()).contains("container_escape").contains("T1611");
    // What Falcosidekick requires: known priority, non-empty rule, time and output_fields.
    assertThat(
            new io.falcocorrelator.event.AlertReader()
                .parseOne(CompositeJson.MAPPER.writeValueAsBytes(p))
                .rule())
        .isEqualTo("Docker Socket Escape");
  }

  @Test
  void cefEscapesExactlyAsTheSpecificationSays() throws Exception {
    String cef = Cef.format(HOSTILE);
    golden("syslog/hostile.cef", cef + "\n");
    assertThat(cef)
        .startsWith(
            "CEF:0|falco-correlator|falco-correlator|0.1.0|docker_socket_escape|Docker Socket Escape|8|");
    assertThat(cef).doesNotContain("\n").doesNotContain("\r");
    assertThat(Cef.header("a|b\\c\nd")).isEqualTo("a\\|b\\\\c d");
    assertThat(Cef.value("a=b\\c\nd\re|f")).isEqualTo("a\\=b\\\\c\\nd\\re|f");
    assertThat(cef).contains("cs2=ci-runner|prod\\=1");
  }

  @Test
  void rfc5424() throws Exception {
    SyslogSettings s = new SyslogSettings("localhost", 514, "tcp", "json", 16, ClientTls.DEFAULT);
    String line = Rfc5424.format(HOSTILE, 16, "correlator-1", s.message(HOSTILE, 1 << 20));
    golden("syslog/hostile.rfc5424", line + "\n");
    assertThat(line)
        .startsWith(
            "<131>1 2026-02-17T03:15:10.000000001Z correlator-1 falco-correlator - docker_socket_escape [falcocorrelator@32473 id=\"");
    String udp = s.message(HOSTILE, 4096);
    assertThat(udp.getBytes(StandardCharsets.UTF_8).length).isLessThan(16_000);
    assertThat(CompositeJson.MAPPER.readTree(udp).path("id").asString()).isEqualTo(HOSTILE.id());
  }

  @Test
  void evidenceFieldsKeepTheirJsonTypes() {
    JsonNode fields = CompositeJson.toJson(HOSTILE).path("evidence").get(0).path("output_fields");
    assertThat(fields.path("proc.pid").isIntegralNumber()).isTrue();
    assertThat(fields.path("proc.pid").asLong()).isEqualTo(31337L);
    assertThat(fields.path("container.privileged").isBoolean()).isTrue();
    assertThat(fields.path("proc.cmdline").isString()).isTrue();
    CompositeAlert typed =
        CompositeJson.fromJson(
            CompositeJson.MAPPER.readTree(
                CompositeJson.toLine(HOSTILE)
                    .replace(
                        "\"proc.sid\":1,",
                        "\"proc.sid\":1,\"proc.args\":[\"-a\",7,true,null,1.5],\"evt.arg.big\":18446744073709551615,")));
    Map<String, Object> f = typed.evidence().get(0).fields();
    assertThat(f.get("proc.args")).isEqualTo(java.util.Arrays.asList("-a", 7L, true, null, 1.5));
    assertThat(f.get("evt.arg.big")).isEqualTo(new java.math.BigInteger("18446744073709551615"));
    assertThat(CompositeJson.toLine(typed))
        .contains("\"proc.args\":[\"-a\",7,true,null,1.5]")
        .contains("\"evt.arg.big\":18446744073709551615");
  }

  @Test
  void compositesWrittenWithTextValuesGetTheirTypesBack() {
    // A spool or dead-letter file from a version that wrote every evidence value as text.
    String old =
        CompositeJson.toLine(HOSTILE)
            .replace("\"proc.pid\":31337", "\"proc.pid\":\"31337\"")
            .replace("\"container.privileged\":false", "\"container.privileged\":\"false\"");
    assertThat(old).contains("\"proc.pid\":\"31337\"");
    CompositeAlert back = CompositeJson.fromJson(CompositeJson.MAPPER.readTree(old));
    assertThat(CompositeJson.toJson(back)).isEqualTo(CompositeJson.toJson(HOSTILE));
  }

  @Test
  void theCompositeJsonRoundTrips() {
    CompositeAlert back = CompositeJson.fromJson(CompositeJson.toJson(HOSTILE));
    assertThat(CompositeJson.toJson(back)).isEqualTo(CompositeJson.toJson(HOSTILE));
  }
}
