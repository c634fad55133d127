package io.falcocorrelator.server;

import io.falcocorrelator.store.RocksStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;

/**
 * The alerts accepted but not yet applied to the stored state, in family {@value #FAMILY}: each is
 * written before the receiver answers 2xx, under an increasing sequence number, and deleted in the
 * same atomic write that stores its effect ({@link DurableContexts#commit}). What is left after a
 * crash is replayed at start. Thread-safe.
 */
public final class Journal {
  static final String FAMILY = RocksStore.JOURNAL;
  private final RocksStore store;
  private final boolean fsync;
  private final AtomicLong nextSeq;

  /** An accepted alert not yet applied, as received. */
  public record Pending(long seq, byte[] alert) {}

  /**
   * @param fsync whether each append is synced before it returns (survives power loss, not just a
   *     killed process)
   */
  Journal(RocksStore store, boolean fsync) throws RocksDBException {
    this.store = store;
    this.fsync = fsync;
    long[] last = {0};
    store.scanBackward(
        FAMILY,
        (k, v) -> {
          last[0] = ByteBuffer.wrap(k).getLong();
          return false;
        });
    this.nextSeq = new AtomicLong(last[0] + 1);
  }

  /**
   * Journals accepted alerts in one write; returns the sequence number of the first. Throws when
   * they cannot be made durable (disk full): the receiver then answers 503.
   */
  public long append(List<byte[]> alerts) throws RocksDBException {
    long first = nextSeq.getAndAdd(alerts.size());
    store.write(
        fsync,
        w -> {
          for (int i = 0; i < alerts.size(); i++) {
            w.put(FAMILY, seqKey(first + i), alerts.get(i));
          }
        });
    return first;
  }

  /** Every entry not yet applied, in order. */
  public List<Pending> pending() throws RocksDBException {
    List<Pending> out = new ArrayList<>();
    store.scan(FAMILY, null, (k, v) -> out.add(new Pending(ByteBuffer.wrap(k).getLong(), v)));
    return out;
  }

  /** Adds the deletion of applied entries to a write. */
  static void applied(RocksStore.Writes w, List<Long> seqs) {
    for (long seq : seqs) {
      w.delete(FAMILY, seqKey(seq));
    }
  }

  static byte[] seqKey(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }
}
