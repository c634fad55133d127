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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
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
 * entry; {@code context_index}, per context its key and last-seen time (a few dozen bytes),
 * written in that same batch. A restart reads only the index, restores every context in
 * last-seen order, and reads a context's state from {@code contexts} when it is first needed:
 * ready in about a second with 100,000 contexts, instead of decoding them all first. The journal
 * (alerts accepted but not yet applied) is then replayed through the correlator: nothing
 * answered 2xx is lost, nothing is applied twice. A store written before the index existed is
 * decoded whole once and its index written.
 *
 * <p>Durability: by default writes go through RocksDB's write-ahead log without fsync, which
 * survives a killed process (the OS has the data); with {@code fsync} the journal write is synced
 * before the 2xx (concurrent requests share a sync: group commit), which survives power loss.
 * RocksDB checksums every record; a torn tail of the log is dropped at open
 * (point-in-time recovery), an unreadable context is dropped with a warning, and a store that
 * cannot be opened is set aside: never fatal.
 */
public final class DurableState implements AutoCloseable {
  private static final int RECOVERY_CHUNK = 1024;
  static final byte[] SCHEMA_KEY = "schema_version".getBytes(StandardCharsets.UTF_8);
  /** Free space the disk must have again before a store that failed writing is reopened. */
  static final long MIN_FREE_BYTES_TO_REOPEN = 8L << 20;
  private static final long REOPEN_EVERY_NANOS = 1_000_000_000L;
  /** Most write-ahead log kept on disk before the families that pin it are flushed. */
  static final long MAX_LOG_BYTES = 128L << 20;
  private final Path dir;
  private final Consumer<String> warn;
  private final WriteOptions journalWrites;
  private final WriteOptions stateWrites = new WriteOptions();
  private final AtomicLong nextSeq;
  /** Readers and writers share it; reopening the store (after a failed write) takes it whole. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private Store store;
  private volatile boolean failing;
  private long lastReopenAttempt;

  /** One open RocksDB and its column families. */
  private record Store(RocksDB db, List<ColumnFamilyHandle> handles) {
    ColumnFamilyHandle journal() {
      return handles.get(1);
    }

    ColumnFamilyHandle contexts() {
      return handles.get(2);
    }

    ColumnFamilyHandle index() {
      return handles.get(3);
    }

    void close() {
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

  /** A store operation that may fail writing. */
  private interface StoreOp<T> {
    T run(Store s) throws RocksDBException;
  }

  /** An accepted alert not yet applied. */
  public record Pending(long seq, byte[] alert) {}

  /** A stored context: its key and last-seen time, and its state when already decoded (else null: read it with {@link #load}). */
  public record Stored(ContextKey key, Instant lastSeen, ContextState state) {}

  /** What {@link #recover} found: contexts oldest first by last-seen time, and the journal in order. */
  public record Recovered(List<Stored> contexts, List<Pending> journal) {
    /** Puts the contexts back into {@code table}, in order; those not decoded yet are read through {@code store} on first use. */
    public void restoreInto(io.falcocorrelator.correlate.ContextTable table, DurableState store, Consumer<String> warn) {
      table.setLoader(key -> store.load(key, warn));
      for (Stored s : contexts) {
        if (s.state() != null) {
          table.restore(s.state());
        } else {
          table.restoreStored(s.key(), s.lastSeen());
        }
      }
    }
  }

  static {
    RocksDB.loadLibrary();
  }

  private DurableState(Path dir, Store store, boolean fsync, Consumer<String> warn) throws RocksDBException {
    this.dir = dir;
    this.store = store;
    this.warn = warn;
    this.journalWrites = new WriteOptions().setSync(fsync);
    long last = 0;
    try (RocksIterator it = store.db().newIterator(store.journal())) {
      it.seekToLast();
      if (it.isValid()) {
        last = ByteBuffer.wrap(it.key()).getLong();
      }
    }
    this.nextSeq = new AtomicLong(last + 1);
    store.db().put(SCHEMA_KEY, Integer.toString(ContextState.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
  }

  /** Opens (or creates) the store; one that cannot be opened is moved aside and reported through {@code warn}. */
  public static DurableState open(Path dir, boolean fsync, Consumer<String> warn) throws IOException {
    Files.createDirectories(dir);
    try {
      return new DurableState(dir, openStore(dir), fsync, warn);
    } catch (RocksDBException first) {
      // A torn tail of the log is already handled by point-in-time recovery; failing that, the
      // damaged store is kept for inspection and the server starts rather than refusing to.
      Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
      warn.accept("state store " + dir + " cannot be opened (" + first.getMessage() + "): moved to " + aside
          + ", starting with empty state");
      Files.move(dir, aside);
      Files.createDirectories(dir);
      try {
        return new DurableState(dir, openStore(dir), fsync, warn);
      } catch (RocksDBException second) {
        throw new IOException("cannot create state store " + dir + ": " + second.getMessage(), second);
      }
    }
  }

  private static Store openStore(Path dir) throws RocksDBException {
    DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery).setParanoidChecks(true)
        // A log file is kept until every family's data in it is flushed; the rarely written
        // families would otherwise pin gigabytes of log under a burst. This bounds it.
        .setMaxTotalWalSize(MAX_LOG_BYTES);
    ColumnFamilyOptions cf = new ColumnFamilyOptions();
    // Journal entries live for milliseconds (deleted once applied): a flush writes little but
    // tombstones, so compressing them is wasted work on the cores the receiver needs.
    ColumnFamilyOptions journalCf = new ColumnFamilyOptions().setCompressionType(CompressionType.NO_COMPRESSION)
        .setWriteBufferSize(16L << 20);
    List<ColumnFamilyDescriptor> descriptors = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
        new ColumnFamilyDescriptor("journal".getBytes(StandardCharsets.UTF_8), journalCf),
        new ColumnFamilyDescriptor("contexts".getBytes(StandardCharsets.UTF_8), cf),
        new ColumnFamilyDescriptor("context_index".getBytes(StandardCharsets.UTF_8), cf));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
    return new Store(db, handles);
  }

  /**
   * Runs a store operation. After RocksDB fails a write (a full disk), it refuses every later
   * write until reopened: so while failing, each call first reopens the store, at most once a
   * second and only once the disk has {@link #MIN_FREE_BYTES_TO_REOPEN} free again; until then
   * writes throw and the receiver answers 503. Reads keep working on the failed store.
   */
  private <T> T withStore(StoreOp<T> op) throws RocksDBException {
    if (failing) {
      reopenIfDue();
    }
    lock.readLock().lock();
    try {
      if (store == null) {
        throw new RocksDBException("state store " + dir + " is not open (it could not be reopened after a failed write)");
      }
      return op.run(store);
    } catch (RocksDBException e) {
      if (!failing) {
        failing = true;
        warn.accept("state store " + dir + " cannot be written (" + e.getMessage() + "): alerts that evidence a group"
            + " are refused with 503 until it can; retrying every second");
      }
      throw e;
    } finally {
      lock.readLock().unlock();
    }
  }

  private void reopenIfDue() {
    lock.writeLock().lock();
    try {
      long now = System.nanoTime();
      if (!failing || (lastReopenAttempt != 0 && now - lastReopenAttempt < REOPEN_EVERY_NANOS) || freeBytes() < MIN_FREE_BYTES_TO_REOPEN) {
        return;
      }
      lastReopenAttempt = now;
      if (store != null) {
        store.close();
        store = null;
      }
      store = openStore(dir);
      failing = false;
      warn.accept("state store " + dir + " is writable again");
    } catch (RocksDBException e) {
      warn.accept("state store " + dir + " cannot be reopened yet: " + e.getMessage());
    } finally {
      lock.writeLock().unlock();
    }
  }

  private long freeBytes() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  /** True while writes fail (and the receiver refuses alerts that would need one). */
  public boolean failing() {
    return failing;
  }

  /**
   * Everything stored: the contexts (from the index, states not decoded; from a store without
   * an index, decoded, and the index written) and the journal, in order.
   */
  public Recovered recover(Consumer<String> warn) throws RocksDBException {
    return withStore(store -> {
      List<Stored> stored = new ArrayList<>();
      try (RocksIterator it = store.db().newIterator(store.index())) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          try {
            stored.add(readIndexEntry(it.value()));
          } catch (RuntimeException e) {
            warn.accept("context index entry unreadable, context dropped: " + e);
            store.db().delete(store.contexts(), it.key());
            store.db().delete(store.index(), it.key());
          }
        }
      }
      if (stored.isEmpty()) {
        stored = decodeAll(store, warn);
      }
      stored.sort(java.util.Comparator.comparing(Stored::lastSeen));
      List<Pending> pending = new ArrayList<>();
      try (RocksIterator it = store.db().newIterator(store.journal())) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          pending.add(new Pending(ByteBuffer.wrap(it.key()).getLong(), it.value()));
        }
      }
      return new Recovered(stored, pending);
    });
  }

  /**
   * The stored state of one context, or null when there is none or it cannot be read (then it
   * is reported through {@code warn} and deleted, and the context starts afresh).
   */
  public ContextState load(ContextKey key, Consumer<String> warn) {
    byte[] bytes;
    try {
      bytes = withStore(store -> store.db().get(store.contexts(), key(key)));
    } catch (RocksDBException e) {
      warn.accept("stored context " + key + " cannot be read, it starts afresh: " + e.getMessage());
      return null;
    }
    if (bytes == null) {
      return null;
    }
    try {
      return StateCodec.decode(bytes);
    } catch (StateCodec.StateCodecException e) {
      warn.accept("stored context " + key + " dropped: " + e.getMessage());
      return null;
    }
  }

  /** A store written before the index: decodes every context (reading and decoding overlap) and writes the index. */
  private List<Stored> decodeAll(Store store, Consumer<String> warn) throws RocksDBException {
    List<Future<List<ContextState>>> chunks = new ArrayList<>();
    ExecutorService decoders = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
      Thread t = new Thread(r, "state-decoder");
      t.setDaemon(true);
      return t;
    });
    List<Stored> states = new ArrayList<>();
    try (WriteBatch backfill = new WriteBatch()) {
      List<byte[]> chunk = new ArrayList<>(RECOVERY_CHUNK);
      try (RocksIterator it = store.db().newIterator(store.contexts())) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          chunk.add(it.value());
          if (chunk.size() == RECOVERY_CHUNK) {
            chunks.add(decoders.submit(decodeTask(chunk, warn)));
            chunk = new ArrayList<>(RECOVERY_CHUNK);
          }
        }
      }
      chunks.add(decoders.submit(decodeTask(chunk, warn)));
      for (Future<List<ContextState>> task : chunks) {
        for (ContextState s : task.get()) {
          states.add(new Stored(s.key(), s.lastSeen(), s));
          backfill.put(store.index(), key(s.key()), indexEntry(s));
        }
      }
      store.db().write(stateWrites, backfill);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recovering state", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot decode stored state", e.getCause());
    } finally {
      decoders.shutdownNow();
    }
    return states;
  }

  private static Callable<List<ContextState>> decodeTask(List<byte[]> raw, Consumer<String> warn) {
    return () -> {
      List<ContextState> out = new ArrayList<>(raw.size());
      for (byte[] bytes : raw) {
        try {
          out.add(StateCodec.decode(bytes));
        } catch (StateCodec.StateCodecException e) {
          warn.accept("stored context dropped: " + e.getMessage());
        }
      }
      return out;
    };
  }

  /**
   * Journals accepted alerts; returns the sequence number of the first. Throws when they cannot
   * be made durable (disk full): the receiver then answers 503.
   */
  public long append(List<byte[]> alerts) throws RocksDBException {
    return withStore(store -> {
      long first = nextSeq.getAndAdd(alerts.size());
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < alerts.size(); i++) {
          batch.put(store.journal(), seqKey(first + i), alerts.get(i));
        }
        store.db().write(journalWrites, batch);
      }
      return first;
    });
  }

  /**
   * Atomically: the new states, the removed contexts, and the journal entries now applied. The
   * correlator calls it once per batch of alerts it took from its queue, not once per alert.
   */
  public void apply(List<Long> appliedSeqs, Map<ContextKey, ContextState> changed, List<ContextKey> removed) throws RocksDBException {
    withStore(store -> {
      try (WriteBatch batch = new WriteBatch()) {
        for (Map.Entry<ContextKey, ContextState> e : changed.entrySet()) {
          byte[] k = key(e.getKey());
          batch.put(store.contexts(), k, StateCodec.encode(e.getValue()));
          batch.put(store.index(), k, indexEntry(e.getValue()));
        }
        for (ContextKey key : removed) {
          byte[] k = key(key);
          batch.delete(store.contexts(), k);
          batch.delete(store.index(), k);
        }
        for (long seq : appliedSeqs) {
          batch.delete(store.journal(), seqKey(seq));
        }
        store.db().write(stateWrites, batch);
      }
      return null;
    });
  }

  /** Last-seen time (epoch ms) then hostname, container id and scope, each length-prefixed UTF-8. */
  static byte[] indexEntry(ContextState s) {
    byte[] host = s.key().hostname().getBytes(StandardCharsets.UTF_8);
    byte[] id = s.key().containerId().getBytes(StandardCharsets.UTF_8);
    byte[] scope = s.key().scope().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + 12 + host.length + id.length + scope.length).putLong(s.lastSeen().toEpochMilli())
        .putInt(host.length).put(host).putInt(id.length).put(id).putInt(scope.length).put(scope).array();
  }

  static Stored readIndexEntry(byte[] entry) {
    ByteBuffer b = ByteBuffer.wrap(entry);
    Instant lastSeen = Instant.ofEpochMilli(b.getLong());
    return new Stored(new ContextKey(utf8(b), utf8(b), utf8(b)), lastSeen, null);
  }

  private static String utf8(ByteBuffer b) {
    byte[] bytes = new byte[b.getInt()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] seqKey(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  static byte[] key(ContextKey k) {
    return (k.hostname() + '\u0000' + k.containerId() + '\u0000' + k.scope()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (store != null) {
        store.close();
        store = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
