package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.ContextStore;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.RemovalCause;
import io.falcocorrelator.correlate.codec.StateCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContextTable}'s states in Kafka Streams state stores (changelogged, so a restarted or
 * moved task gets them back): {@value #STATES}, each context's {@link StateCodec} value, and
 * {@value #TIMES}, its last processing time (epoch ms). A task starting up reads only the times
 * ({@link #restoreInto}); a state is decoded when its context is first needed, and never by an
 * expiry sweep. A state that cannot be decoded is reported, dropped and counted ({@link
 * RemovalCause#UNREADABLE}): it never stops the stream thread.
 */
final class KeyValueContextStore implements ContextStore {
  private static final Logger log = LoggerFactory.getLogger(KeyValueContextStore.class);
  static final String STATES = "contexts";
  static final String TIMES = "context-times";
  private final KeyValueStore<String, byte[]> states;
  private final KeyValueStore<String, Long> times;

  KeyValueContextStore(KeyValueStore<String, byte[]> states, KeyValueStore<String, Long> times) {
    this.states = states;
    this.times = times;
  }

  @Override
  public ContextState load(ContextKey key) {
    byte[] bytes = states.get(ContextRecordKey.of(key));
    if (bytes == null) {
      return null;
    }
    try {
      return StateCodec.decode(bytes);
    } catch (StateCodec.StateCodecException e) {
      log.warn("stored context {} dropped: {}", key, e.getMessage());
      throw new UnreadableStateException(
          "stored context " + key + " dropped: " + e.getMessage(), e);
    }
  }

  @Override
  public void stored(ContextKey key, ContextState state) {
    String k = ContextRecordKey.of(key);
    states.put(k, StateCodec.encode(state));
    times.put(k, state.lastProcessedAt().toEpochMilli());
  }

  @Override
  public void removed(ContextKey key, RemovalCause cause) {
    String k = ContextRecordKey.of(key);
    states.delete(k);
    times.delete(k);
  }

  /**
   * Another instance may have written contexts this task's table has not seen (a changelog
   * restore).
   */
  @Override
  public boolean holdsUnindexed() {
    return true;
  }

  /**
   * Puts every stored context back into {@code table}, least recently processed first, reading only
   * the times.
   *
   * @return how many
   */
  int restoreInto(ContextTable table) {
    List<KeyValue<String, Long>> all = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = times.all()) {
      it.forEachRemaining(all::add);
    }
    all.sort(Comparator.comparingLong(kv -> kv.value));
    int n = 0;
    for (KeyValue<String, Long> kv : all) {
      ContextKey key;
      try {
        key = ContextRecordKey.parse(kv.key);
      } catch (IllegalArgumentException e) {
        log.warn("stored context dropped: {}", e.getMessage());
        states.delete(kv.key);
        times.delete(kv.key);
        continue;
      }
      table.restoreStored(key, Instant.ofEpochMilli(kv.value));
      n++;
    }
    return n;
  }

  @Override
  public String toString() {
    return "KeyValueContextStore[" + STATES + ", " + TIMES + "]";
  }
}
