package io.falcocorrelator.streams;

import io.falcocorrelator.bench.AlertGenerator;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.SingleBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Kafka Streams throughput against a real local KRaft broker: alerts/s of the full key-by-context +
 * repartition + classify + correlate topology, for one instance with one stream thread and for two
 * instances. Not a test; run with bench/streams-bench.sh.
 */
public final class StreamsBench {
  private StreamsBench() {}

  public static void main(String[] args) throws Exception {
    int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path dir = Files.createTempDirectory("streams-bench");
    try (KafkaClusterTestKit cluster = SingleBroker.start()) {
      String bootstrap = cluster.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic("alerts", 4, (short) 1), new NewTopic("composites", 4, (short) 1)))
            .all()
            .get();
      }
      AlertGenerator gen =
          new AlertGenerator(
              42, 10_000, 100, 0.05, Instant.parse("2026-02-17T03:00:00Z"), 5_000_000L);
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(
              Map.of(
                  "bootstrap.servers",
                  bootstrap,
                  "acks",
                  "all",
                  "linger.ms",
                  "5",
                  "compression.type",
                  "lz4",
                  "batch.size",
                  "262144"),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (int i = 0; i < alerts; i++) {
          p.send(new ProducerRecord<>("alerts", null, gen.next()));
        }
      }
      System.out.printf("produced %,d alerts to 4 partitions%n", alerts);
      run(bootstrap, dir, "at_least_once", 1, alerts, "warmup");
      for (String guarantee : new String[] {"at_least_once", "exactly_once_v2"}) {
        for (int instances : new int[] {1, 2}) {
          double rate = run(bootstrap, dir, guarantee, instances, alerts, "");
          System.out.printf(
              "%-16s %d instance(s) x 1 stream thread: %,10.0f alerts/s%n",
              guarantee, instances, rate);
        }
      }
    }
  }

  private static double run(
      String bootstrap, Path dir, String guarantee, int instances, long alerts, String tag)
      throws Exception {
    String app = "bench-" + guarantee + "-" + instances + tag;
    List<KafkaStreams> apps = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      StreamsSettings s =
          new StreamsSettings(
              bootstrap,
              app,
              "alerts",
              "composites",
              Optional.empty(),
              guarantee,
              1,
              Optional.of(dir.resolve(app + "-" + i)),
              Map.of("commit.interval.ms", "200"),
              Optional.empty());
      apps.add(
          new KafkaStreams(
              CorrelatorTopology.build(RulesLoader.embedded(), s, new LongAdder()),
              s.toProperties()));
    }
    apps.forEach(KafkaStreams::start);
    // Timed from when every instance runs: startup and the first rebalance are not throughput.
    io.falcocorrelator.support.Await.until(
        "running",
        Duration.ofMinutes(2),
        () -> apps.stream().allMatch(a -> a.state() == KafkaStreams.State.RUNNING));
    long start = System.nanoTime();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      io.falcocorrelator.support.Await.until(
          "every alert consumed",
          Duration.ofMinutes(10),
          () -> {
            try {
              return consumed(admin, app, "alerts") >= alerts;
            } catch (Exception e) {
              return false;
            }
          });
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    apps.forEach(a -> a.close(Duration.ofSeconds(30)));
    return alerts / seconds;
  }

  /** Committed offsets of the app's consumer group on a topic, summed over partitions. */
  private static long consumed(Admin admin, String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long sum = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
      if (e.getKey().topic().equals(topic) && e.getValue() != null) {
        sum += e.getValue().offset();
      }
    }
    return sum;
  }
}
