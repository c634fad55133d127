package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.store.CommitHook;
import io.falcocorrelator.store.RocksStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;

/**
 * Incidents kept in the state's RocksDB ({@code state.dir}), column family {@value #FAMILY}, one
 * JSON value ({@link IncidentCodec}) per composite id, and served from a {@link
 * MemoryIncidentStore} loaded from it at start.
 *
 * <p>A new incident is written by the {@link #commitHook commit hook}: in the same atomic RocksDB
 * write as the context state change that produced its composite and the deletion of the journal
 * entries of the alerts that did. So after a crash either both are stored, or neither is and the
 * journal replay produces the same composite (same id) again: an incident is never lost once its
 * alerts were answered 2xx, and never duplicated. Status changes, folds and retention deletes are
 * written at once, each in its own write (RocksDB's write-ahead log: they survive a killed
 * process). In the Kafka Streams topology ({@code forward}), where no correlator commits, {@link
 * #writeCreations} makes new incidents be written at once too.
 */
public final class DurableIncidentStore implements IncidentStore {
  public static final String FAMILY = "incidents";
  private final RocksStore rocks;
  private final MemoryIncidentStore memory = new MemoryIncidentStore();
  private final boolean writeCreations;
  private final Consumer<String> warn;

  private DurableIncidentStore(RocksStore rocks, boolean writeCreations, Consumer<String> warn) {
    this.rocks = rocks;
    this.writeCreations = writeCreations;
    this.warn = warn;
  }

  /** Incidents in the store. */
  public int stored() {
    return memory.size();
  }

  /**
   * Opens the incidents of {@code rocks} and loads them; an unreadable one is reported and skipped.
   *
   * @param writeCreations true where no commit hook runs (new incidents are then written at once)
   */
  public static DurableIncidentStore open(
      RocksStore rocks, boolean writeCreations, Consumer<String> warn) throws RocksDBException {
    rocks.ensureFamily(FAMILY);
    DurableIncidentStore store = new DurableIncidentStore(rocks, writeCreations, warn);
    List<Incident> loaded = new ArrayList<>();
    rocks.scan(
        FAMILY,
        null,
        (key, value) -> {
          try {
            loaded.add(IncidentCodec.decode(value));
          } catch (RuntimeException e) {
            warn.accept(
                "stored incident "
                    + new String(key, StandardCharsets.UTF_8)
                    + " unreadable, skipped: "
                    + e.getMessage());
          }
          return true;
        });
    // Stored by id: put back in creation order, so the memory store only appends.
    loaded.sort(java.util.Comparator.comparingLong(Incident::seq));
    loaded.forEach(store.memory::put);
    return store;
  }

  /** Writes new incidents in the commit of the state change that produced their composites. */
  public CommitHook commitHook() {
    return new CommitHook() {
      @Override
      public void write(List<CompositeAlert> composites, RocksStore.Writes writes) {
        for (CompositeAlert c : composites) {
          memory
              .get(c.id())
              .ifPresent(i -> writes.put(FAMILY, key(i.id()), IncidentCodec.encode(i)));
        }
      }

      @Override
      public String toString() {
        return "incidents";
      }
    };
  }

  /**
   * @throws IncidentException (503) when a change cannot be written (a full disk): it is then not
   *     made in memory either, so the API never shows a change a restart would lose
   */
  @Override
  public void put(Incident incident) {
    boolean created = memory.get(incident.id()).isEmpty();
    if (!created || writeCreations) {
      try {
        rocks.write(false, w -> w.put(FAMILY, key(incident.id()), IncidentCodec.encode(incident)));
      } catch (RocksDBException | RuntimeException e) {
        throw new IncidentException(
            503,
            "cannot store incident "
                + incident.id()
                + " (state store not writable): "
                + e.getMessage());
      }
    }
    memory.put(incident);
  }

  @Override
  public int retain(Instant cutoff, int maxCount) {
    List<String> ids = memory.expired(cutoff, maxCount);
    if (ids.isEmpty()) {
      return 0;
    }
    List<String> removed = new ArrayList<>(ids);
    try {
      rocks.write(false, w -> removed.forEach(id -> w.delete(FAMILY, key(id))));
    } catch (RocksDBException | RuntimeException e) {
      warn.accept("cannot delete " + ids.size() + " expired incidents yet: " + e.getMessage());
      return 0;
    }
    return memory.removeAll(ids);
  }

  static byte[] key(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<Incident> get(String id) {
    return memory.get(id);
  }

  @Override
  public IncidentPage query(IncidentQuery query) {
    return memory.query(query);
  }

  @Override
  public List<Incident> escalationsOf(String id) {
    return memory.escalationsOf(id);
  }

  @Override
  public List<Incident> changedSince(long version, int max) {
    return memory.changedSince(version, max);
  }

  @Override
  public long lastVersion() {
    return memory.lastVersion();
  }

  @Override
  public int size() {
    return memory.size();
  }

  /** The RocksDB store belongs to the state: closed with it, not here. */
  @Override
  public void close() {}
}
