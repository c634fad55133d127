package io.falcocorrelator.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where incidents are kept, keyed by composite id: in memory ({@link MemoryIncidentStore}) or, with
 * {@code state.dir}, also in the state's RocksDB ({@link DurableIncidentStore}). Thread-safe: the
 * correlator thread adds, request threads query and change status.
 */
public interface IncidentStore extends AutoCloseable {
  /** Adds an incident or replaces the one with the same id. */
  void put(Incident incident);

  Optional<Incident> get(String id);

  /** One page, newest first, with the total and counts over everything matching. */
  IncidentPage query(IncidentQuery query);

  /** Incidents whose composite escalates {@code id}, oldest first. */
  List<Incident> escalationsOf(String id);

  /**
   * Incidents changed after change number {@code version}, in change order, at most {@code max}.
   */
  List<Incident> changedSince(long version, int max);

  /**
   * The highest change number and creation number stored (0 when empty): numbering continues above
   * them.
   */
  long lastVersion();

  int size();

  /**
   * Removes incidents created before {@code cutoff}, then the oldest while more than {@code
   * maxCount} remain.
   *
   * @return how many were removed
   */
  int retain(Instant cutoff, int maxCount);

  @Override
  default void close() {}
}
