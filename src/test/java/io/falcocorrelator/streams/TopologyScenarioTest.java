package io.falcocorrelator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.Scenarios;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The same scenario fixtures and expectations as the core and HTTP drivers, through the Kafka
 * Streams topology (TopologyTestDriver): identical composites prove the core engine-agnostic.
 */
class TopologyScenarioTest {
  static final RuleSet RULES = RulesLoader.embedded();

  static StreamsSettings settings(Optional<String> dlq) {
    return new StreamsSettings(
        "dummy:9092",
        "falco-correlator-test",
        "falco-alerts",
        "falco-composites",
        dlq,
        "exactly_once_v2",
        1,
        Optional.empty(),
        Map.of(),
        Optional.empty());
  }

  static TopologyTestDriver driver(Path stateDir, Optional<String> dlq, LongAdder invalid) {
    return driver(stateDir, dlq, new StreamsCounters(invalid));
  }

  static TopologyTestDriver driver(Path stateDir, Optional<String> dlq, StreamsCounters counters) {
    Properties p = settings(dlq).toProperties();
    p.put("state.dir", stateDir.toString());
    return new TopologyTestDriver(
        CorrelatorTopology.build(RULES, settings(dlq), counters),
        p,
        Instant.parse("2026-11-28T00:00:00Z"));
  }

  /** Each alert of a fixture as one raw record, as Falcosidekick's Kafka output writes them. */
  static List<byte[]> records(Path alerts) throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(alerts)) {
      new AlertReader()
          .read(
              in,
              new AlertReader.Listener() {
                @Override
                public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
                  out.add(null);
                }

                @Override
                public void error(ItemError error) {
                  throw new AssertionError(error.toString());
                }
              });
    }
    if (alerts.toString().endsWith(".ndjson")) {
      return Files.readAllLines(alerts).stream()
          .filter(l -> !l.isBlank())
          .map(l -> l.getBytes(StandardCharsets.UTF_8))
          .toList();
    }
    List<byte[]> items = new ArrayList<>();
    for (JsonNode n : CompositeJson.MAPPER.readTree(alerts.toFile())) {
      items.add(CompositeJson.MAPPER.writeValueAsBytes(n));
    }
    assertThat(items).hasSameSizeAs(out);
    return items;
  }

  @TestFactory
  Stream<DynamicTest> scenariosThroughTheTopology(@TempDir Path dir) throws Exception {
    return Scenarios.all().stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.name(),
                    () -> {
                      try (TopologyTestDriver d =
                          driver(dir.resolve(s.name()), Optional.empty(), new LongAdder())) {
                        TestInputTopic<String, byte[]> in =
                            d.createInputTopic(
                                "falco-alerts", new StringSerializer(), new ByteArraySerializer());
                        TestOutputTopic<String, String> out =
                            d.createOutputTopic(
                                "falco-composites",
                                new StringDeserializer(),
                                new StringDeserializer());
                        for (byte[] r : records(s.alerts())) {
                          in.pipeInput(r);
                        }
                        List<Scenarios.Expected> actual = new ArrayList<>();
                        for (String json : out.readValuesToList()) {
                          actual.add(Scenarios.fromComposite(CompositeJson.MAPPER.readTree(json)));
                        }
                        assertThat(actual).containsExactlyElementsOf(s.expected());
                      }
                    }));
  }

  @Test
  void sendsInvalidRecordsToTheDeadLetterTopicAndGoesOn(@TempDir Path dir) throws Exception {
    LongAdder invalid = new LongAdder();
    try (TopologyTestDriver d = driver(dir, Optional.of("falco-alerts-dlq"), invalid)) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("falco-alerts", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, String> out =
          d.createOutputTopic(
              "falco-composites", new StringDeserializer(), new StringDeserializer());
      var dlq =
          d.createOutputTopic(
              "falco-alerts-dlq",
              new StringDeserializer(),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer());
      List<byte[]> attack = records(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson"));
      in.pipeInput("not json".getBytes(StandardCharsets.UTF_8));
      for (byte[] r : attack) {
        in.pipeInput(r);
        in.pipeInput("{\"rule\":\"R\"}".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(out.readValuesToList()).hasSize(1);
      var dead = dlq.readRecordsToList();
      assertThat(dead).hasSize(attack.size() + 1);
      assertThat(
              new String(
                  dead.get(0).headers().lastHeader(KeyByContextProcessor.ERROR_HEADER).value(),
                  StandardCharsets.UTF_8))
          .startsWith("invalid JSON");
      assertThat(invalid.sum()).isEqualTo(attack.size() + 1);
    }
  }

  @Test
  void writesTheCompositeTopicInTheConfiguredFormatWithTypedEvidence(@TempDir Path dir)
      throws Exception {
    StreamsSettings ocsf =
        new StreamsSettings(
            "dummy:9092",
            "falco-correlator-test",
            "falco-alerts",
            "falco-composites",
            Optional.empty(),
            "exactly_once_v2",
            1,
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            io.falcocorrelator.output.ocsf.OcsfPayloads.FORMAT);
    Properties p = ocsf.toProperties();
    p.put("state.dir", dir.toString());
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            CorrelatorTopology.build(RULES, ocsf, new LongAdder()),
            p,
            Instant.parse("2026-11-28T00:00:00Z"))) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("falco-alerts", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, String> out =
          d.createOutputTopic(
              "falco-composites", new StringDeserializer(), new StringDeserializer());
      for (byte[] r : records(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson"))) {
        in.pipeInput(r);
      }
      List<String> values = out.readValuesToList();
      assertThat(values).hasSize(1);
      var finding = io.falcocorrelator.correlate.codec.CompositeJson.MAPPER.readTree(values.get(0));
      assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
      assertThat(finding.path("finding_info").path("title").asString())
          .isEqualTo("Kernel Module Container Escape");
      // Falco's numbers stay numbers through the state store and onto the topic.
      assertThat(
              finding
                  .path("evidences")
                  .get(0)
                  .path("data")
                  .path("output_fields")
                  .path("proc.pid")
                  .isIntegralNumber())
          .isTrue();
    }
  }

  static int count(org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store) {
    int n = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  /** What crashed the stream thread before: a stored state that cannot be decoded. */
  @Test
  void anUnreadableStoredStateIsDroppedCountedAndProcessingGoesOn(@TempDir Path dir)
      throws Exception {
    StreamsCounters counters = new StreamsCounters();
    try (TopologyTestDriver d = driver(dir, Optional.empty(), counters)) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("falco-alerts", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, String> out =
          d.createOutputTopic(
              "falco-composites", new StringDeserializer(), new StringDeserializer());
      List<byte[]> attack = records(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson"));
      FalcoAlert first = new AlertReader().parseOne(attack.get(0));
      String key = ContextRecordKey.of(RULES.contextKeys().of(first).orElseThrow());
      var store = d.<String, byte[]>getKeyValueStore(CorrelationProcessor.STORE);
      store.put(key, "{\"v\":1,\"key\":".getBytes(StandardCharsets.UTF_8));
      d.<String, Long>getKeyValueStore(CorrelationProcessor.TIMES)
          .put(key, Instant.parse("2026-11-28T00:00:00Z").toEpochMilli());

      attack.forEach(in::pipeInput);
      assertThat(out.readValuesToList()).as("the attack still fires").hasSize(1);
      assertThat(counters.removals(io.falcocorrelator.correlate.RemovalCause.UNREADABLE))
          .isEqualTo(1);
      long mapped =
          attack.stream()
              .map(r -> new AlertReader().parseOne(r))
              .filter(
                  a ->
                      !RULES.classifier().classify(a).isEmpty()
                          && RULES.contextKeys().of(a).isPresent())
              .count();
      assertThat(counters.alerts())
          .as("every alert that crossed the repartition was correlated")
          .isEqualTo(mapped);
      assertThat(counters.composites()).isEqualTo(1);
      assertThat(StateCodecReads.decodes(store.get(key))).as("a fresh state replaced it").isTrue();
    }
  }

  /** Whether stored bytes decode. */
  private static final class StateCodecReads {
    static boolean decodes(byte[] b) {
      try {
        io.falcocorrelator.correlate.codec.StateCodec.decode(b);
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  @Test
  void expiresIdleContextsByWallClockAndFiresAgainAfterwards(@TempDir Path dir) throws Exception {
    StreamsCounters counters = new StreamsCounters();
    try (TopologyTestDriver d = driver(dir, Optional.empty(), counters)) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("falco-alerts", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, String> out =
          d.createOutputTopic(
              "falco-composites", new StringDeserializer(), new StringDeserializer());
      List<byte[]> attack = records(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson"));
      attack.forEach(in::pipeInput);
      attack.forEach(in::pipeInput);
      assertThat(out.readValuesToList()).as("duplicates and re-fires suppressed").hasSize(1);
      var store = d.<String, byte[]>getKeyValueStore(CorrelationProcessor.STORE);
      assertThat(count(store)).isEqualTo(1);
      d.advanceWallClockTime(RULES.settings().idleTimeout().plusMinutes(2));
      assertThat(count(store)).as("idle context expired").isZero();
      assertThat(counters.removals(io.falcocorrelator.correlate.RemovalCause.IDLE)).isEqualTo(1);
      attack.forEach(in::pipeInput);
      assertThat(out.readValuesToList()).as("a new incident after expiry").hasSize(1);
    }
  }
}
