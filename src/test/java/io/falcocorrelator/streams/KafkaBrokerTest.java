package io.falcocorrelator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.SingleBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real single-node KRaft broker started in the test JVM: Falco alerts in, composites out;
 * a restart mid-attack restores state from the changelog; two instances on four partitions, one
 * killed mid-stream, with exactly-once: no composite lost or duplicated.
 */
class KafkaBrokerTest {
  static KafkaClusterTestKit cluster;
  static String bootstrap;
  @TempDir static Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    cluster = SingleBroker.start();
    bootstrap = cluster.bootstrapServers();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  static void topics(String... names) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> ts = new ArrayList<>();
      for (String n : names) {
        ts.add(new NewTopic(n, 4, (short) 1));
      }
      admin.createTopics(ts).all().get();
    }
  }

  static KafkaStreams streams(String app, String in, String out, Path state) {
    StreamsSettings s =
        new StreamsSettings(
            bootstrap,
            app,
            in,
            out,
            Optional.empty(),
            "exactly_once_v2",
            1,
            Optional.of(state),
            Map.of(
                "commit.interval.ms",
                "100",
                "consumer.session.timeout.ms",
                "6000",
                "consumer.heartbeat.interval.ms",
                "1000"),
            Optional.empty());
    KafkaStreams k =
        new KafkaStreams(
            CorrelatorTopology.build(RulesLoader.embedded(), s, new LongAdder()), s.toProperties());
    k.start();
    return k;
  }

  static void produce(String topic, List<String> lines) throws Exception {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap, "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (String l : lines) {
        p.send(new ProducerRecord<>(topic, null, l.getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }

  /** Reads committed composites continuously into a list. */
  static final class Reader implements AutoCloseable {
    final List<String> values = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Reader(String topic) {
      thread =
          new Thread(
              () -> {
                Properties p = new Properties();
                p.put("bootstrap.servers", bootstrap);
                p.put("group.id", "reader-" + topic);
                p.put("auto.offset.reset", "earliest");
                p.put("isolation.level", "read_committed");
                try (KafkaConsumer<String, String> c =
                    new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                  c.subscribe(List.of(topic));
                  while (running) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                      values.add(r.value());
                    }
                  }
                }
              });
      thread.start();
    }

    Set<String> cases() {
      Set<String> out = new HashSet<>();
      for (String v : values) {
        var e = Scenarios.fromComposite(CompositeJson.MAPPER.readTree(v));
        out.add(e.caseName() + "@" + e.containerId());
      }
      return out;
    }

    @Override
    public void close() throws Exception {
      running = false;
      thread.join(10_000);
    }
  }

  @Test
  void correlatesEndToEndAndSurvivesARestartMidAttack() throws Exception {
    topics("alerts-a", "composites-a");
    List<String> attack =
        Files.readAllLines(Path.of("test-fixtures/scenarios/cgroup-release-agent-escape.ndjson"));
    List<String> other =
        Files.readAllLines(Path.of("test-fixtures/scenarios/docker-socket-escape.ndjson"));
    try (Reader reader = new Reader("composites-a")) {
      KafkaStreams first = streams("app-a", "alerts-a", "composites-a", dir.resolve("a1"));
      produce("alerts-a", other);
      produce("alerts-a", attack.subList(0, 3)); // privileged start + enumeration
      Await.until(
          "the docker socket composite", Duration.ofSeconds(60), () -> reader.values.size() == 1);
      first.close(Duration.ofSeconds(30));
      // A new instance with an empty state directory: state must come back from the changelog.
      KafkaStreams second = streams("app-a", "alerts-a", "composites-a", dir.resolve("a2"));
      produce("alerts-a", attack.subList(3, attack.size())); // mount + release_agent
      try {
        Await.until("the escalation", Duration.ofSeconds(60), () -> reader.values.size() == 3);
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage()
                + "; got "
                + reader.values.size()
                + ": "
                + reader.cases()
                + " state "
                + second.state(),
            e);
      }
      second.close(Duration.ofSeconds(30));
      assertThat(reader.values).hasSize(3);
      assertThat(reader.cases())
          .containsExactlyInAnyOrder(
              "Docker Socket Escape@d0cca5a0c4e7",
              "Privileged Namespace Escape@a1b2c3d4e5f6",
              "Cgroup Release Agent Escape@a1b2c3d4e5f6");
    }
  }

  @Test
  void forwardsCompositesFromTheTopicThroughTheOutputs() throws Exception {
    topics("composites-f");
    try (io.falcocorrelator.support.ScriptedHttpServer hook =
        new io.falcocorrelator.support.ScriptedHttpServer()) {
      Path config = dir.resolve("forward.yaml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "forward: {bootstrap_servers: '"
                  + bootstrap
                  + "', topic: composites-f, group_id: fwd}",
              "outputs:",
              "  - {name: hook, type: webhook, url: '" + hook.url("/") + "'}",
              "spool: {dir: fwd-spool}",
              ""));
      var outputs =
          io.falcocorrelator.config.ServerConfigLoader.load(config, k -> null, List.of("forward"));
      var dispatcher =
          new io.falcocorrelator.output.Dispatcher(
              outputs.outputs().routes(),
              new io.falcocorrelator.output.SinkContext(java.net.http.HttpClient.newHttpClient()),
              new io.falcocorrelator.output.Spool(outputs.outputs().spoolDir(), false),
              outputs.outputs().retry(),
              io.falcocorrelator.output.OutputMetrics.NONE,
              java.time.Clock.systemUTC());
      dispatcher.start();
      CompositeForwarder forwarder =
          new CompositeForwarder(ForwardSettings.load(config, k -> null), dispatcher);
      Thread t = new Thread(forwarder);
      t.start();
      String composite =
          Files.readString(Path.of("src/test/resources/output/composite-hostile.json"))
              .replaceAll("\\s*\n\\s*", " ");
      produce(
          "composites-f",
          List.of(
              CompositeJson.MAPPER.writeValueAsString(CompositeJson.MAPPER.readTree(composite))));
      Await.until("the webhook delivery", Duration.ofSeconds(60), () -> hook.requests.size() == 1);
      forwarder.close();
      t.join(10_000);
      dispatcher.close(Duration.ofSeconds(5));
      assertThat(hook.requests.get(0).header("X-Falco-Correlator-Id"))
          .isEqualTo("8e5bd7a4-2c1f-3a55-9d0e-4b7c6a1f0e21");
    }
  }

  @Test
  void theReceiverAsAKafkaFrontAnswersOnlyAfterTheBrokerAcknowledged() throws Exception {
    topics("alerts-h");
    io.falcocorrelator.config.ServerConfig d = io.falcocorrelator.config.ServerConfig.defaults();
    io.falcocorrelator.config.ServerConfig config =
        new io.falcocorrelator.config.ServerConfig(
            d.listen(),
            d.tls(),
            d.auth(),
            d.limits(),
            d.rules(),
            d.api(),
            d.outputs(),
            Optional.of(
                new io.falcocorrelator.config.ServerConfig.KafkaIngest(
                    bootstrap, "alerts-h", Map.of())));
    List<String> attack =
        Files.readAllLines(Path.of("test-fixtures/scenarios/ptrace-host-injection.ndjson"));
    try (io.falcocorrelator.support.TestServer server =
        new io.falcocorrelator.support.TestServer(config)) {
      for (String alert : attack) {
        assertThat(server.postAsFalco(alert).statusCode()).isEqualTo(200);
      }
      assertThat(
              server
                  .send(
                      server
                          .post("/", attack.get(0) + "\n" + attack.get(1), "application/x-ndjson")
                          .build())
                  .statusCode())
          .isEqualTo(200);
      assertThat(server.composites).as("the local correlator stays idle").isEmpty();
    }
    // Everything answered 200 is on the topic, re-encoded as Falco JSON the Streams app reads.
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "check-h");
    p.put("auto.offset.reset", "earliest");
    List<String> rules = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            p,
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      c.subscribe(List.of("alerts-h"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (rules.size() < attack.size() + 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          rules.add(new io.falcocorrelator.event.AlertReader().parseOne(r.value()).rule());
        }
      }
    }
    assertThat(rules)
        .hasSize(attack.size() + 2)
        .contains(
            "PTRACE attached to process",
            "Container Environment Enumeration by Upper Layer Process");
  }

  static long committed(String group, String topic) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long sum = 0;
      for (var e :
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
        if (e.getKey().topic().equals(topic) && e.getValue() != null) {
          sum += e.getValue().offset();
        }
      }
      return sum;
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void twoInstancesOneKilledWithSigkillLoseAndDuplicateNothing() throws Exception {
    topics("alerts-b", "composites-b");
    List<String> lines = new ArrayList<>();
    int attacks = 40;
    List<String> attack =
        Files.readAllLines(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson"));
    for (int i = 0; i < attacks; i++) {
      String id = String.format("%012x", 0xabc000 + i);
      for (String l : attack) {
        lines.add(l.replace("7c3e9a1f4b2d", id));
      }
    }
    Path config = dir.resolve("streams-b.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "kafka:",
            "  bootstrap_servers: '" + bootstrap + "'",
            "  application_id: app-b",
            "  input_topic: alerts-b",
            "  output_topic: composites-b",
            "  processing_guarantee: exactly_once_v2",
            "  state_dir: state-b2",
            "  properties: {commit.interval.ms: '100', consumer.session.timeout.ms: '6000', consumer.heartbeat.interval.ms: '1000'}",
            ""));
    try (Reader reader = new Reader("composites-b")) {
      KafkaStreams one = streams("app-b", "alerts-b", "composites-b", dir.resolve("b1"));
      // The second instance is the real command in its own JVM, so it can be killed with SIGKILL.
      Process two =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  io.falcocorrelator.cli.Main.class.getName(),
                  "streams",
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("two.log").toFile())
              .start();
      try {
        Await.until(
            "the second instance to start",
            Duration.ofSeconds(60),
            () -> {
              try {
                return Files.readString(dir.resolve("two.log"))
                    .contains("falco-correlator streams app-b");
              } catch (Exception e) {
                return false;
              }
            });
        produce("alerts-b", lines.subList(0, lines.size() / 2));
        Await.until("some composites", Duration.ofSeconds(60), () -> reader.values.size() >= 5);
        two.destroyForcibly().waitFor();
        assertThat(two.exitValue()).isEqualTo(137);
        produce("alerts-b", lines.subList(lines.size() / 2, lines.size()));
        Await.until(
            "every composite", Duration.ofSeconds(120), () -> reader.values.size() >= attacks);
        // Every input record committed: nothing left that could still produce a duplicate.
        Await.until(
            "all input committed",
            Duration.ofSeconds(60),
            () -> committed("app-b", "alerts-b") == lines.size());
        one.close(Duration.ofSeconds(30));
        Await.until(
            "the reader to catch up",
            Duration.ofSeconds(10),
            () -> reader.values.size() >= attacks);
      } finally {
        two.destroyForcibly();
        one.close(Duration.ofSeconds(30));
      }
      assertThat(reader.values).as("exactly once: no duplicate").hasSize(attacks);
      assertThat(reader.cases()).hasSize(attacks);
    }
  }
}
