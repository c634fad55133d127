package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextKeys;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.MalformedAlertException;
import io.falcocorrelator.mapping.Classifier;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys each raw alert (written unkeyed, as Falcosidekick's Kafka output writes it) by its execution
 * context, so the repartition puts a container's alerts on one task. Alerts that cannot be parsed
 * are logged with topic, partition and offset and forwarded with a null key and an {@code error}
 * header (the topology sends them to the dead-letter topic or drops them). Alerts that evidence no
 * group, or have no container context, are dropped here: they never touch state, so they need not
 * cross the repartition topic (most alerts, in practice).
 */
final class KeyByContextProcessor implements Processor<String, byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(KeyByContextProcessor.class);
  static final String ERROR_HEADER = "falco-correlator-error";
  private final AlertReader reader = new AlertReader();
  private final ContextKeys keys;
  private final Classifier classifier;
  private final LongAdder invalid;
  private ProcessorContext<String, byte[]> context;

  KeyByContextProcessor(ContextKeys keys, Classifier classifier, LongAdder invalid) {
    this.keys = keys;
    this.classifier = classifier;
    this.invalid = invalid;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    byte[] value = record.value();
    FalcoAlert alert;
    try {
      if (value == null) {
        throw new MalformedAlertException("", "empty record");
      }
      alert = reader.parseOne(value);
    } catch (MalformedAlertException e) {
      invalid.increment();
      String where =
          context
              .recordMetadata()
              .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
              .orElse("?");
      log.warn("invalid alert record {} skipped: {}", where, e.getMessage());
      context.forward(
          record
              .withKey((String) null)
              .withHeaders(
                  record
                      .headers()
                      .add(ERROR_HEADER, e.getMessage().getBytes(StandardCharsets.UTF_8))));
      return;
    }
    if (classifier.classify(alert).isEmpty()) {
      return;
    }
    Optional<ContextKey> key = keys.of(alert);
    if (key.isPresent()) {
      context.forward(record.withKey(ContextRecordKey.of(key.get())));
    }
  }
}
