package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.Correlator;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.output.FindingContext;
import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correlation runtime as a Kafka Streams processor: the same {@link ContextTable} (and so the
 * same {@link Correlator}, bound, expiry, outcome and removal counters) as {@code serve} and {@code
 * replay}, over the task's state stores ({@link KeyValueContextStore}). One wall-clock punctuator
 * moves processing time ({@link ContextTable#advanceTime}); record timestamps (when the producer
 * wrote the alert) play no part in expiry, and Falco's event times only inside the correlator, per
 * context.
 */
final class CorrelationProcessor implements Processor<String, byte[], String, String> {
  private static final Logger log = LoggerFactory.getLogger(CorrelationProcessor.class);
  static final String STORE = KeyValueContextStore.STATES;
  static final String TIMES = KeyValueContextStore.TIMES;
  static final Duration SWEEP = Duration.ofMinutes(1);
  private final RuleSet rules;
  private final StreamsCounters counters;
  private final AlertReader reader = new AlertReader();
  private ProcessorContext<String, String> context;
  private ContextTable table;

  /** The composite topic's format ({@code kafka.output_format}). */
  private final PayloadFormat format;

  CorrelationProcessor(RuleSet rules, StreamsCounters counters) {
    this(rules, counters, Formats.NATIVE);
  }

  CorrelationProcessor(RuleSet rules, StreamsCounters counters, PayloadFormat format) {
    this.rules = rules;
    this.counters = counters;
    this.format = format;
  }

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
    KeyValueContextStore store =
        new KeyValueContextStore(context.getStateStore(STORE), context.getStateStore(TIMES));
    table =
        new ContextTable(
            rules.correlator(),
            rules.contextKeys(),
            new ProcessorClock(context),
            counters.newTask(),
            store);
    int restored = store.restoreInto(table);
    log.info("correlation task {}: {} stored contexts", context.taskId(), restored);
    context.schedule(
        SWEEP,
        PunctuationType.WALL_CLOCK_TIME,
        now -> table.advanceTime(Instant.ofEpochMilli(now)));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    FalcoAlert alert = reader.parseOne(record.value());
    // A composite carries the timestamp of the record that completed it, and its context's key.
    table.process(
        alert,
        rules.classifier().classify(alert),
        c ->
            context.forward(
                new Record<>(
                    ContextRecordKey.display(record.key()), render(c), record.timestamp())));
  }

  private String render(CompositeAlert c) {
    return format == Formats.NATIVE
        ? CompositeJson.toLine(c)
        : CompositeJson.MAPPER.writeValueAsString(format.document(c, FindingContext.NONE));
  }
}
