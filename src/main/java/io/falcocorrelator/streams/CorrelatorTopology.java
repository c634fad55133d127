package io.falcocorrelator.streams;

import io.falcocorrelator.rules.RuleSet;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * input topic (unkeyed Falco alert JSON) → classify, key by context, drop what evidences no group →
 * repartition ({@code by-context}) → correlate (stores {@code contexts} and {@code context-times},
 * changelogged) → output topic (composite JSON, keyed by context). Invalid records go to the
 * dead-letter topic when one is configured, else are dropped (they are logged and counted either
 * way).
 */
public final class CorrelatorTopology {
  private CorrelatorTopology() {}

  public static Topology build(RuleSet rules, StreamsSettings settings, LongAdder invalid) {
    return build(rules, settings, new StreamsCounters(invalid));
  }

  /**
   * As {@link #build(RuleSet, StreamsSettings, LongAdder)}, counting correlation outcomes and
   * removals into {@code counters}.
   */
  public static Topology build(RuleSet rules, StreamsSettings settings, StreamsCounters counters) {
    LongAdder invalid = counters.invalidAdder();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CorrelationProcessor.STORE),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CorrelationProcessor.TIMES),
            Serdes.String(),
            Serdes.Long()));
    KStream<String, byte[]> keyed =
        builder.stream(settings.inputTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .process(
                () -> new KeyByContextProcessor(rules.contextKeys(), rules.classifier(), invalid),
                Named.as("key-by-context"));
    var branches =
        keyed
            .split(Named.as("alerts-"))
            .branch((k, v) -> k == null, Branched.as("invalid"))
            .defaultBranch(Branched.as("valid"));
    settings
        .deadLetterTopic()
        .ifPresent(
            dlq ->
                branches
                    .get("alerts-invalid")
                    .to(dlq, Produced.with(Serdes.String(), Serdes.ByteArray())));
    branches
        .get("alerts-valid")
        .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("by-context"))
        .process(
            () -> new CorrelationProcessor(rules, counters, settings.outputFormat()),
            Named.as("correlate"),
            CorrelationProcessor.STORE,
            CorrelationProcessor.TIMES)
        .to(settings.outputTopic(), Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }
}
