package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.streams.CompositeRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materializes the Kafka Streams topology's composite topic into the incident store, so the {@code
 * serve} process that fronts a scaled-out deployment ({@code kafka_ingest}) serves the incidents
 * API and the console for every correlator instance.
 *
 * <p>Reads every partition from the beginning on each start, with no consumer group: every replica
 * materializes every composite, and recording is idempotent (a composite already stored, by id, is
 * skipped), so a restart with an in-memory store rebuilds it from the topic (as far as the topic's
 * retention reaches) and one with {@code state.dir} only re-reads. Only composites of committed
 * Streams transactions are read ({@code read_committed}). An unreadable record is logged and
 * skipped.
 */
public final class CompositeTopicReader implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CompositeTopicReader.class);
  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final Consumer<CompositeAlert> sink;
  private final Thread thread;
  private volatile boolean running = true;

  public CompositeTopicReader(
      String bootstrapServers,
      String topic,
      Map<String, String> properties,
      Consumer<CompositeAlert> sink) {
    Properties p = new Properties();
    p.putAll(properties);
    p.put("bootstrap.servers", bootstrapServers);
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed");
    p.put("client.id", "falco-correlator-incidents");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    this.topic = topic;
    this.sink = sink;
    this.thread = new Thread(this, "composite-topic-reader");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions = waitForPartitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      log.info(
          "incidents: materializing composite topic {} ({} partitions)", topic, partitions.size());
      while (running) {
        CompositeRecords.each(consumer.poll(Duration.ofMillis(500)), sink);
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("composite topic reader stopped: {}", e.toString());
      }
    } catch (RuntimeException e) {
      log.error("composite topic reader stopped: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  private List<TopicPartition> waitForPartitions() {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        return out;
      }
      log.info("incidents: composite topic {} not there yet, waiting", topic);
    }
    throw new WakeupException();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
