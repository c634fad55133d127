package io.falcocorrelator.streams;

import io.falcocorrelator.output.Dispatcher;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads composites from the composite topic and hands them to the {@link Dispatcher}, which spools
 * each one before any delivery: offsets are committed only after the spool write, so a crash loses
 * nothing, and a redelivered record has the same composite id (receivers de-duplicate; the spool
 * overwrites).
 */
public final class CompositeForwarder implements Runnable, AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final Dispatcher dispatcher;
  private final String topic;
  private volatile boolean running = true;

  public CompositeForwarder(ForwardSettings settings, Dispatcher dispatcher) {
    Properties p = new Properties();
    p.put("bootstrap.servers", settings.bootstrapServers());
    p.put("group.id", settings.groupId());
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    // Only composites of committed Streams transactions (exactly_once_v2).
    p.put("isolation.level", "read_committed");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    this.dispatcher = dispatcher;
    this.topic = settings.topic();
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(topic));
    try {
      while (running) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        CompositeRecords.each(records, dispatcher::submit);
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
