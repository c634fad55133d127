package io.falcocorrelator.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The embedded RocksDB of the single-node server (the store Kafka Streams uses too), by column
 * family name: open, set aside when it cannot be opened, reopen after a failed write (a full disk),
 * close. Its users ({@link Journal}, {@link StoredContexts}, and any component with a family of its
 * own, such as an incident store) write through {@link #write}, one atomic {@link WriteBatch} per
 * call, and read through {@link #get} and {@link #scan}. Thread-safe.
 *
 * <p>Durability: writes go through RocksDB's write-ahead log, without fsync unless asked (which
 * survives a killed process: the OS has the data); RocksDB checksums every record, and a torn tail
 * of the log is dropped at open (point-in-time recovery).
 */
public final class RocksStore implements AutoCloseable {
  /** The journal of accepted alerts not yet applied to the stored contexts. */
  public static final String JOURNAL = "journal";

  /** The stored contexts' states. */
  public static final String CONTEXT_STATES = "contexts";

  /** The stored contexts' index (key, last processing time). */
  public static final String CONTEXT_INDEX = "context_index";

  /**
   * The families every store has; others are created by {@link #ensureFamily} and reopened with the
   * store.
   */
  static final List<String> BUILT_IN = List.of(JOURNAL, CONTEXT_STATES, CONTEXT_INDEX);

  /** Free space the disk must have again before a store that failed writing is reopened. */
  static final long MIN_FREE_BYTES_TO_REOPEN = 8L << 20;

  private static final long REOPEN_EVERY_NANOS = 1_000_000_000L;

  /** Most write-ahead log kept on disk before the families that pin it are flushed. */
  static final long MAX_LOG_BYTES = 128L << 20;

  private static final String DEFAULT =
      new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8);

  /** The puts and deletes of one atomic write, by family name. */
  public interface Writes {
    void put(String family, byte[] key, byte[] value);

    void delete(String family, byte[] key);
  }

  /** A reader of a family's entries in key order; answers false to stop. */
  public interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  /** Fills one atomic write. */
  public interface WriteFill {
    void fill(Writes writes) throws RocksDBException;
  }

  private final Path dir;
  private final Consumer<String> warn;
  private final Set<String> families = new LinkedHashSet<>();

  /**
   * Readers and writers share it; reopening the store (after a failed write) or adding a family
   * takes it whole.
   */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private Open open;
  private volatile boolean failing;
  private long lastReopenAttempt;

  /** One open RocksDB and its column families by name. */
  private record Open(RocksDB db, Map<String, ColumnFamilyHandle> handles) {
    ColumnFamilyHandle family(String name) throws RocksDBException {
      ColumnFamilyHandle h = handles.get(name);
      if (h == null) {
        throw new RocksDBException("no column family " + name + " (call ensureFamily first)");
      }
      return h;
    }

    void close() {
      // Flushed memtables make the next open fast: nothing left in the log to replay.
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush, new ArrayList<>(handles.values()));
      } catch (RocksDBException e) {
        // The log still has everything; the next open replays it.
      }
      handles.values().forEach(ColumnFamilyHandle::close);
      db.close();
    }
  }

  /** A store operation that may fail. */
  private interface Op<T> {
    T run(Open o) throws RocksDBException;
  }

  static {
    RocksDB.loadLibrary();
  }

  private RocksStore(Path dir, Consumer<String> warn) {
    this.dir = dir;
    this.warn = warn;
  }

  /**
   * Opens (or creates) the store in {@code dir}; one that cannot be opened is moved aside (named
   * with {@code clock}'s time), reported through {@code warn}, and an empty store started.
   */
  public static RocksStore open(Path dir, Clock clock, Consumer<String> warn) throws IOException {
    Files.createDirectories(dir);
    RocksStore store = new RocksStore(dir, warn);
    try {
      store.open = store.openDb();
    } catch (RocksDBException first) {
      // A torn tail of the log is already handled by point-in-time recovery; failing that, the
      // damaged store is kept for inspection and the server starts rather than refusing to.
      Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + clock.millis());
      warn.accept(
          "state store "
              + dir
              + " cannot be opened ("
              + first.getMessage()
              + "): moved to "
              + aside
              + ", starting with empty state");
      Files.move(dir, aside);
      Files.createDirectories(dir);
      try {
        store.open = store.openDb();
      } catch (RocksDBException second) {
        throw new IOException(
            "cannot create state store " + dir + ": " + second.getMessage(), second);
      }
    }
    return store;
  }

  private Open openDb() throws RocksDBException {
    DBOptions options =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
            .setParanoidChecks(true)
            // A log file is kept until every family's data in it is flushed; the rarely written
            // families would otherwise pin gigabytes of log under a burst. This bounds it.
            .setMaxTotalWalSize(MAX_LOG_BYTES);
    families.addAll(BUILT_IN);
    try (Options listing = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(listing, dir.toString())) {
        families.add(new String(name, StandardCharsets.UTF_8));
      }
    }
    families.remove(DEFAULT);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, new ColumnFamilyOptions()));
    for (String f : families) {
      descriptors.add(
          new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8), familyOptions(f)));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
    Map<String, ColumnFamilyHandle> byName = new LinkedHashMap<>();
    byName.put(DEFAULT, handles.get(0));
    int i = 1;
    for (String f : families) {
      byName.put(f, handles.get(i++));
    }
    return new Open(db, byName);
  }

  private static ColumnFamilyOptions familyOptions(String family) {
    if (family.equals(JOURNAL)) {
      // Journal entries live for milliseconds (deleted once applied): a flush writes little but
      // tombstones, so compressing them is wasted work on the cores the receiver needs.
      return new ColumnFamilyOptions()
          .setCompressionType(CompressionType.NO_COMPRESSION)
          .setWriteBufferSize(16L << 20);
    }
    return new ColumnFamilyOptions();
  }

  /** Creates the column family {@code name} unless it exists; kept on every later open. */
  public void ensureFamily(String name) throws RocksDBException {
    lock.writeLock().lock();
    try {
      if (open == null) {
        throw new RocksDBException("state store " + dir + " is not open");
      }
      if (!open.handles().containsKey(name)) {
        ColumnFamilyHandle h =
            open.db()
                .createColumnFamily(
                    new ColumnFamilyDescriptor(
                        name.getBytes(StandardCharsets.UTF_8), familyOptions(name)));
        open.handles().put(name, h);
        families.add(name);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Runs a store operation. After RocksDB fails a write (a full disk), it refuses every later write
   * until reopened: so while failing, each call first reopens the store, at most once a second and
   * only once the disk has {@link #MIN_FREE_BYTES_TO_REOPEN} free again; until then writes throw
   * (and the receiver answers 503). Reads keep working on the failed store.
   */
  private <T> T with(Op<T> op) throws RocksDBException {
    if (failing) {
      reopenIfDue();
    }
    lock.readLock().lock();
    try {
      if (open == null) {
        throw new RocksDBException(
            "state store " + dir + " is not open (it could not be reopened after a failed write)");
      }
      return op.run(open);
    } catch (RocksDBException e) {
      if (!failing) {
        failing = true;
        warn.accept(
            "state store "
                + dir
                + " cannot be written ("
                + e.getMessage()
                + "): alerts that evidence a group"
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
      if (!failing
          || (lastReopenAttempt != 0 && now - lastReopenAttempt < REOPEN_EVERY_NANOS)
          || freeBytes() < MIN_FREE_BYTES_TO_REOPEN) {
        return;
      }
      lastReopenAttempt = now;
      if (open != null) {
        open.close();
        open = null;
      }
      open = openDb();
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
   * One atomic write: everything {@code fill} puts or deletes is stored together or not at all.
   *
   * @param sync whether the write is synced to disk before this returns (survives power loss)
   * @throws RocksDBException when it cannot be written (nothing of it is stored)
   */
  public void write(boolean sync, WriteFill fill) throws RocksDBException {
    with(
        o -> {
          try (WriteBatch batch = new WriteBatch();
              WriteOptions options = new WriteOptions().setSync(sync)) {
            fill.fill(
                new Writes() {
                  @Override
                  public void put(String family, byte[] key, byte[] value) {
                    try {
                      batch.put(o.family(family), key, value);
                    } catch (RocksDBException e) {
                      throw new IllegalArgumentException(e.getMessage(), e);
                    }
                  }

                  @Override
                  public void delete(String family, byte[] key) {
                    try {
                      batch.delete(o.family(family), key);
                    } catch (RocksDBException e) {
                      throw new IllegalArgumentException(e.getMessage(), e);
                    }
                  }
                });
            o.db().write(options, batch);
          }
          return null;
        });
  }

  /** The value stored under {@code key} in {@code family}, or null. */
  public byte[] get(String family, byte[] key) throws RocksDBException {
    return with(o -> o.db().get(o.family(family), key));
  }

  /**
   * Visits {@code family}'s entries in key order from {@code from} (null: the first), until the
   * visitor answers false.
   */
  public void scan(String family, byte[] from, Visitor visitor) throws RocksDBException {
    with(
        o -> {
          try (RocksIterator it = o.db().newIterator(o.family(family))) {
            if (from == null) {
              it.seekToFirst();
            } else {
              it.seek(from);
            }
            for (; it.isValid(); it.next()) {
              if (!visitor.visit(it.key(), it.value())) {
                break;
              }
            }
          }
          return null;
        });
  }

  /**
   * Visits {@code family}'s entries in reverse key order from the last, until the visitor answers
   * false.
   */
  public void scanBackward(String family, Visitor visitor) throws RocksDBException {
    with(
        o -> {
          try (RocksIterator it = o.db().newIterator(o.family(family))) {
            for (it.seekToLast(); it.isValid(); it.prev()) {
              if (!visitor.visit(it.key(), it.value())) {
                break;
              }
            }
          }
          return null;
        });
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (open != null) {
        open.close();
        open = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "RocksStore[" + dir + ", families " + families + "]";
  }
}
