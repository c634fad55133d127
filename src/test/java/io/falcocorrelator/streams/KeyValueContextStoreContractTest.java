package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextStore;
import io.falcocorrelator.correlate.ContextStoreContract;
import io.falcocorrelator.correlate.ContextTable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;

/**
 * The context store contract over Kafka Streams key-value stores (the stores {@code streams} uses,
 * in memory here); a restart is a new task over the same stores, as after a rebalance.
 */
class KeyValueContextStoreContractTest extends ContextStoreContract {
  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private final KeyValueStore<String, byte[]> states =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(KeyValueContextStore.STATES),
              Serdes.String(),
              Serdes.ByteArray())
          .withLoggingDisabled()
          .build();
  private final KeyValueStore<String, Long> times =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(KeyValueContextStore.TIMES),
              Serdes.String(),
              Serdes.Long())
          .withLoggingDisabled()
          .build();

  KeyValueContextStoreContractTest() {
    states.init(context.getStateStoreContext(), states);
    times.init(context.getStateStoreContext(), times);
  }

  @AfterEach
  void closeStores() {
    states.close();
    times.close();
  }

  @Override
  protected ContextStore open() {
    return new KeyValueContextStore(states, times);
  }

  @Override
  protected int restore(ContextStore store, ContextTable table) {
    return ((KeyValueContextStore) store).restoreInto(table);
  }

  @Override
  protected void commit(ContextStore store) {
    // Written through: Kafka Streams commits the stores with the task.
  }

  @Override
  protected void corrupt(ContextKey key) {
    states.put(ContextRecordKey.of(key), "{\"v\":1,\"key\":".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected boolean stored(ContextKey key) {
    return states.get(ContextRecordKey.of(key)) != null
        && times.get(ContextRecordKey.of(key)) != null;
  }
}
