package io.falcocorrelator.server;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.codec.StateCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Crash-safe state of the single-node server, in an embedded RocksDB (the store Kafka Streams
 * uses too). Two column families: {@code journal}, every accepted alert, written before the
 * receiver answers 2xx and deleted once its effect on the state is stored; {@code contexts}, each
 * context's {@link StateCodec} value, updated in the same atomic batch that deletes the journal
 * entry. After a crash, the stored contexts are loaded and the journal (alerts accepted but not
 * yet applied) is replayed through the correlator: nothing answered 2xx is lost, nothing is
 * applied twice.
 *
 * <p>Durability: by default writes go through RocksDB's write-ahead log without fsync, which
 * survives a killed process (the OS has the data); with {@code fsync} the journal write is synced
 * before the 2xx (concurrent requests share a sync: group commit), which survives power loss.
 * RocksDB checksums every record; a torn tail of the log is dropped at open
 * (point-in-time recovery), an unreadable context is dropped with a warning, and a store that
 * cannot be opened is set aside: never fatal.
 */
public final class DurableState implements AutoCloseable {
  static final byte[] SCHEMA_KEY = "schema_version".getBytes(StandardCharsets.UTF_8);
  private final RocksDB db;
  private final ColumnFamilyHandle journal;
  private final ColumnFamilyHandle contexts;
  private final List<ColumnFamilyHandle> handles;
  private final WriteOptions journalWrites;
  private final WriteOptions stateWrites = new WriteOptions();
  private final AtomicLong nextSeq;

  /** An accepted alert not yet applied. */
  public record Pending(long seq, byte[] alert) {}

  /** What {@link #open} found. */
  public record Recovered(List<ContextState> contexts, List<Pending> journal) {}

  static {
    RocksDB.loadLibrary();
  }

  private DurableState(RocksDB db, List<ColumnFamilyHandle> handles, boolean fsync) throws RocksDBException {
    this.db = db;
    this.handles = handles;
    this.journal = handles.get(1);
    this.contexts = handles.get(2);
    this.journalWrites = new WriteOptions().setSync(fsync);
    long last = 0;
    try (RocksIterator it = db.newIterator(journal)) {
      it.seekToLast();
      if (it.isValid()) {
        last = ByteBuffer.wrap(it.key()).getLong();
      }
    }
    this.nextSeq = new AtomicLong(last + 1);
    db.put(SCHEMA_KEY, Integer.toString(ContextState.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
  }

  /** Opens (or creates) the store; one that cannot be opened is moved aside and reported through {@code warn}. */
  public static DurableState open(Path dir, boolean fsync, Consumer<String> warn) throws IOException {
    Files.createDirectories(dir);
    try {
      return openOnce(dir, fsync);
    } catch (RocksDBException first) {
      // A torn tail of the log is already handled by point-in-time recovery; failing that, the
      // damaged store is kept for inspection and the server starts rather than refusing to.
      Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
      warn.accept("state store " + dir + " cannot be opened (" + first.getMessage() + "): moved to " + aside
          + ", starting with empty state");
      Files.move(dir, aside);
      Files.createDirectories(dir);
      try {
        return openOnce(dir, fsync);
      } catch (RocksDBException second) {
        throw new IOException("cannot create state store " + dir + ": " + second.getMessage(), second);
      }
    }
  }

  private static DurableState openOnce(Path dir, boolean fsync) throws RocksDBException {
    DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery).setParanoidChecks(true);
    ColumnFamilyOptions cf = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
        new ColumnFamilyDescriptor("journal".getBytes(StandardCharsets.UTF_8), cf),
        new ColumnFamilyDescriptor("contexts".getBytes(StandardCharsets.UTF_8), cf));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
    return new DurableState(db, handles, fsync);
  }

  /** Everything stored: context states (unreadable ones reported and dropped) and the journal, in order. */
  public Recovered recover(Consumer<String> warn) {
    List<byte[]> raw = new ArrayList<>();
    try (RocksIterator it = db.newIterator(contexts)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        raw.add(it.value());
      }
    }
    // Decoding dominates a restart: spread it over the cores.
    List<ContextState> states = raw.parallelStream().map(bytes -> {
      try {
        return StateCodec.decode(bytes);
      } catch (StateCodec.StateCodecException e) {
        warn.accept("stored context dropped: " + e.getMessage());
        return null;
      }
    }).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toList());
    List<Pending> pending = new ArrayList<>();
    try (RocksIterator it = db.newIterator(journal)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        pending.add(new Pending(ByteBuffer.wrap(it.key()).getLong(), it.value()));
      }
    }
    return new Recovered(states, pending);
  }

  /**
   * Journals accepted alerts; returns the sequence number of the first. Throws when they cannot
   * be made durable (disk full): the receiver then answers 503.
   */
  public long append(List<byte[]> alerts) throws RocksDBException {
    long first = nextSeq.getAndAdd(alerts.size());
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < alerts.size(); i++) {
        batch.put(journal, seqKey(first + i), alerts.get(i));
      }
      db.write(journalWrites, batch);
    }
    return first;
  }

  /** Atomically: the new states, the removed contexts, and the journal entry now applied ({@code seq} < 0: none). */
  public void apply(long seq, Map<ContextKey, ContextState> changed, List<ContextKey> removed) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<ContextKey, ContextState> e : changed.entrySet()) {
        batch.put(contexts, key(e.getKey()), StateCodec.encode(e.getValue()));
      }
      for (ContextKey k : removed) {
        batch.delete(contexts, key(k));
      }
      if (seq >= 0) {
        batch.delete(journal, seqKey(seq));
      }
      db.write(stateWrites, batch);
    }
  }

  static byte[] seqKey(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  static byte[] key(ContextKey k) {
    return (k.hostname() + '\u0000' + k.containerId() + '\u0000' + k.scope()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    // Flushed memtables make the next open fast: nothing left in the log to replay.
    try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
    } catch (RocksDBException e) {
      // The log still has everything; the next open replays it.
    }
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
  }
}
