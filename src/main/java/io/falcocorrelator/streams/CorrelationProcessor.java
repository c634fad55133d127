package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.Correlator;
import io.falcocorrelator.correlate.Step;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.correlate.codec.StateCodec;
import io.falcocorrelator.output.FindingContext;
import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.GroupHit;
import io.falcocorrelator.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The correlation core as a Kafka Streams processor: the same {@link Correlator} as the HTTP
 * server and {@code replay}, over a persistent key-value store of serialized context states
 * (changelogged, so a restarted or moved task restores them). Writes state only when it changed
 * and deletes it when the context has been idle: by wall clock, and by stream time (record
 * timestamps), both against the time the context was last updated.
 */
final class CorrelationProcessor implements Processor<String, byte[], String, String> {
  static final String STORE = "contexts";
  static final Duration SWEEP = Duration.ofMinutes(1);
  private final RuleSet rules;
  private final Correlator correlator;
  private final AlertReader reader = new AlertReader();
  private ProcessorContext<String, String> context;
  private KeyValueStore<String, byte[]> store;

  /** The composite topic's format ({@code kafka.output_format}). */
  private final PayloadFormat format;

  CorrelationProcessor(RuleSet rules) {
    this(rules, Formats.NATIVE);
  }

  CorrelationProcessor(RuleSet rules, PayloadFormat format) {
    this.rules = rules;
    this.correlator = rules.correlator();
    this.format = format;
  }

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> expire(s -> s.lastSeen().isBefore(Instant.ofEpochMilli(now).minus(idle()))));
    // Stream time follows record timestamps (when Falcosidekick produced the alert), not Falco's
    // event times: comparing it with a context's event time would let one node's skewed clock, or
    // replayed history, expire every other context. Contexts are compared by when they were last
    // updated instead.
    context.schedule(SWEEP, PunctuationType.STREAM_TIME, streamTime -> expire(
        s -> s.lastSeen().isBefore(Instant.ofEpochMilli(streamTime).minus(idle()))));
  }

  private Duration idle() {
    return rules.settings().idleTimeout();
  }

  @Override
  public void process(Record<String, byte[]> record) {
    FalcoAlert alert = reader.parseOne(record.value());
    List<GroupHit> hits = rules.classifier().classify(alert);
    Optional<ContextKey> key = rules.contextKeys().of(alert);
    if (hits.isEmpty() || key.isEmpty()) {
      return;
    }
    byte[] stored = store.get(record.key());
    ContextState prior = stored == null ? null : StateCodec.decode(stored);
    Step step = correlator.onAlert(prior, key.get(), alert, hits, Instant.ofEpochMilli(context.currentSystemTimeMs()));
    if (step.state() != null && step.state() != prior) {
      store.put(record.key(), StateCodec.encode(step.state()));
    }
    for (CompositeAlert c : step.emitted()) {
      String value = format == Formats.NATIVE ? CompositeJson.toLine(c)
          : CompositeJson.MAPPER.writeValueAsString(format.document(c, FindingContext.NONE));
      context.forward(new Record<>(ContextRecordKey.display(record.key()), value, record.timestamp()));
    }
  }

  private void expire(java.util.function.Predicate<ContextState> expired) {
    List<String> gone = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        if (expired.test(StateCodec.decode(kv.value))) {
          gone.add(kv.key);
        }
      }
    }
    gone.forEach(store::delete);
  }
}
