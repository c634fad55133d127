package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composites in one poll of the composite topic, for its readers ({@code forward}, the
 * incidents of a Kafka-mode {@code serve}). A record that is not a composite (another producer, a
 * non-native {@code output_format}) is logged with its position and skipped: it never stops the
 * reader.
 */
public final class CompositeRecords {
  private static final Logger log = LoggerFactory.getLogger(CompositeRecords.class);

  private CompositeRecords() {}

  /** Hands each readable composite of {@code records} to {@code sink}, in order. */
  public static void each(ConsumerRecords<String, String> records, Consumer<CompositeAlert> sink) {
    for (ConsumerRecord<String, String> r : records) {
      CompositeAlert alert;
      try {
        alert = CompositeJson.fromJson(CompositeJson.MAPPER.readTree(r.value()));
      } catch (RuntimeException e) {
        log.warn(
            "unreadable composite record {}-{}@{} skipped: {}",
            r.topic(),
            r.partition(),
            r.offset(),
            e.toString());
        continue;
      }
      sink.accept(alert);
    }
  }
}
