package io.falcocorrelator.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver as a Kafka producer front: accepted alerts are produced (unkeyed, as Falco's JSON)
 * to the input topic of the Streams application, and the request is answered 2xx only once the
 * broker acknowledged every one of them ({@code acks=all} by default); otherwise 503.
 */
public final class KafkaIntake implements AlertIntake, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaIntake.class);
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  public KafkaIntake(String bootstrapServers, String topic, Map<String, String> properties) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("linger.ms", "1");
    p.put("delivery.timeout.ms", "10000");
    p.put("request.timeout.ms", "5000");
    p.put("max.block.ms", "5000");
    p.putAll(properties);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** Every alert goes to the topic: as received when the receiver kept its bytes. */
  @Override
  public boolean needsSource(List<io.falcocorrelator.mapping.GroupHit> hits) {
    return true;
  }

  @Override
  public boolean accept(List<CorrelationService.Classified> batch) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
    try {
      for (CorrelationService.Classified c : batch) {
        acks.add(producer.send(new ProducerRecord<>(topic, null, c.json())));
      }
      for (Future<RecordMetadata> f : acks) {
        f.get(15, TimeUnit.SECONDS);
      }
      return true;
    } catch (Exception e) {
      log.warn("Kafka did not acknowledge {} alert(s): {}", batch.size(), e.toString());
      return false;
    }
  }

  @Override
  public boolean blocking(List<CorrelationService.Classified> batch) {
    return true;
  }

  @Override
  public void close() {
    producer.close();
  }
}
