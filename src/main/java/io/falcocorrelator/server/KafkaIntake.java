package io.falcocorrelator.server;

import io.falcocorrelator.ingest.Admission;
import io.falcocorrelator.ingest.AlertIntake;
import io.falcocorrelator.ingest.ClassifiedAlert;
import io.falcocorrelator.mapping.GroupHit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver as a Kafka producer front: accepted alerts are produced (unkeyed, as Falco's JSON)
 * to the input topic of the Streams application, and the request is answered 2xx only once the
 * broker acknowledged every one of them ({@code acks=all} by default); otherwise 503. It forwards
 * alerts as received and does not want them classified: the Streams application classifies.
 */
public final class KafkaIntake implements AlertIntake, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaIntake.class);
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  /**
   * Sends run here, never on the receiver's IO thread: {@code send} blocks up to {@code
   * max.block.ms} while metadata is missing or the buffer is full. Bounded: requests wait for their
   * answer, so at most {@code limits.max_concurrent_requests} batches are queued anyway.
   */
  private final ThreadPoolExecutor sender =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(4096),
          r -> {
            Thread t = new Thread(r, "kafka-intake");
            t.setDaemon(true);
            return t;
          });

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
  public boolean keepsSource(List<GroupHit> hits) {
    return true;
  }

  @Override
  public boolean wantsHits() {
    return false;
  }

  /**
   * Completes on the producer's thread once the broker acknowledged every alert of the batch, or
   * refused when one was not (within {@code delivery.timeout.ms}, or {@code max.block.ms} for a
   * send that could not start).
   */
  @Override
  public CompletionStage<Admission> submit(List<ClassifiedAlert> batch) {
    CompletableFuture<Admission> answer = new CompletableFuture<>();
    try {
      sender.execute(() -> send(batch, answer));
    } catch (RejectedExecutionException e) {
      answer.complete(Admission.QUEUE_FULL);
    }
    return answer;
  }

  private void send(List<ClassifiedAlert> batch, CompletableFuture<Admission> answer) {
    AtomicInteger outstanding = new AtomicInteger(batch.size());
    try {
      for (ClassifiedAlert c : batch) {
        producer.send(
            new ProducerRecord<>(topic, null, c.json()),
            (metadata, failure) -> {
              if (failure != null) {
                if (answer.complete(Admission.NOT_ACKNOWLEDGED)) {
                  log.warn(
                      "Kafka did not acknowledge {} alert(s): {}",
                      batch.size(),
                      failure.toString());
                }
              } else if (outstanding.decrementAndGet() == 0) {
                answer.complete(Admission.ACCEPTED);
              }
            });
      }
    } catch (RuntimeException e) {
      log.warn("Kafka did not take {} alert(s): {}", batch.size(), e.toString());
      answer.complete(Admission.NOT_ACKNOWLEDGED);
    }
  }

  @Override
  public void close() {
    sender.shutdown();
    producer.close();
  }
}
