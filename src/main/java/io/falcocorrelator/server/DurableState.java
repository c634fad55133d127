package io.falcocorrelator.server;

import io.falcocorrelator.store.CommitHook;
import io.falcocorrelator.store.RocksStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;

/**
 * The crash-safe store of the single-node server, as its three parts: the {@link RocksStore} (the
 * RocksDB handle, by column family), the {@link Journal} (alerts accepted, not yet applied) and the
 * {@link StoredContexts} (each context's state and its index entry). Other components may keep
 * their own families in the same store ({@link RocksStore#ensureFamily}), and write them atomically
 * with the state change that produced a composite through a {@link CommitHook}.
 *
 * <p>How it tells one story: see {@link DurableContexts}, which applies alerts to it.
 */
public final class DurableState implements AutoCloseable {
  private final RocksStore rocks;
  private final Journal journal;
  private final StoredContexts contexts;

  private DurableState(RocksStore rocks, boolean fsync) throws RocksDBException {
    this.rocks = rocks;
    this.journal = new Journal(rocks, fsync);
    this.contexts = new StoredContexts(rocks);
  }

  /**
   * Opens (or creates) the store; one that cannot be opened is moved aside and reported through
   * {@code warn}.
   */
  public static DurableState open(Path dir, boolean fsync, Consumer<String> warn)
      throws IOException {
    return open(dir, fsync, Clock.systemUTC(), warn);
  }

  /**
   * As {@link #open(Path, boolean, Consumer)}, naming a store set aside with {@code clock}'s time.
   */
  public static DurableState open(Path dir, boolean fsync, Clock clock, Consumer<String> warn)
      throws IOException {
    RocksStore rocks = RocksStore.open(dir, clock, warn);
    try {
      return new DurableState(rocks, fsync);
    } catch (RocksDBException e) {
      rocks.close();
      throw new IOException("cannot read the journal of " + dir + ": " + e.getMessage(), e);
    }
  }

  public RocksStore rocks() {
    return rocks;
  }

  public Journal journal() {
    return journal;
  }

  public StoredContexts contexts() {
    return contexts;
  }

  /** True while writes fail (and the receiver refuses alerts that would need one). */
  public boolean failing() {
    return rocks.failing();
  }

  @Override
  public void close() {
    rocks.close();
  }
}
