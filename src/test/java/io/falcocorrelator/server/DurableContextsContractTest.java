package io.falcocorrelator.server;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextStore;
import io.falcocorrelator.correlate.ContextStoreContract;
import io.falcocorrelator.correlate.ContextTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The context store contract over RocksDB ({@code serve} with {@code state.dir}); a restart reopens
 * the store.
 */
class DurableContextsContractTest extends ContextStoreContract {
  @TempDir Path dir;
  private DurableState state;

  @BeforeEach
  void openStore() throws Exception {
    state = DurableState.open(dir, false, w -> {});
  }

  @AfterEach
  void closeStore() {
    state.close();
  }

  @Override
  protected ContextStore open() throws Exception {
    state.close();
    state = DurableState.open(dir, false, w -> {});
    return new DurableContexts(state, List.of(), w -> {});
  }

  @Override
  protected int restore(ContextStore store, ContextTable table) throws Exception {
    return ((DurableContexts) store).restore(table);
  }

  @Override
  protected void commit(ContextStore store) {
    org.assertj.core.api.Assertions.assertThat(((DurableContexts) store).commit()).isTrue();
  }

  @Override
  protected void corrupt(ContextKey key) throws Exception {
    state
        .rocks()
        .write(
            false,
            w ->
                w.put(
                    StoredContexts.STATES,
                    StoredContexts.key(key),
                    "{\"v\":1,\"key\":".getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  protected boolean stored(ContextKey key) throws Exception {
    return state.rocks().get(StoredContexts.STATES, StoredContexts.key(key)) != null
        && state.rocks().get(StoredContexts.INDEX, StoredContexts.key(key)) != null;
  }
}
