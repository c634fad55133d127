package io.falcocorrelator.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many alerts each mapping and exception matched: one striped counter per entry, indexed by its
 * position, so counting on the classification path (many request threads) is an array read and an
 * uncontended add. Read by the metrics registry and {@code GET /api/v1/rules}; the label set is
 * bounded by the number of entries.
 */
public final class MappingHits {
  private final List<Mapping> mappings;
  private final List<Mapping> exceptions;
  private final LongAdder[] mappingCounts;
  private final LongAdder[] exceptionCounts;

  MappingHits(List<Mapping> mappings, List<Mapping> exceptions) {
    this.mappings = mappings;
    this.exceptions = exceptions;
    this.mappingCounts = adders(mappings.size());
    this.exceptionCounts = adders(exceptions.size());
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] out = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      out[i] = new LongAdder();
    }
    return out;
  }

  void mapping(int ordinal) {
    mappingCounts[ordinal].increment();
  }

  void exception(int ordinal) {
    exceptionCounts[ordinal].increment();
  }

  /** Hits of every mapping then every exception, by id, in file order. */
  public Map<String, Long> byId() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < mappings.size(); i++) {
      out.put(mappings.get(i).id(), mappingCounts[i].sum());
    }
    for (int i = 0; i < exceptions.size(); i++) {
      out.put(exceptions.get(i).id(), exceptionCounts[i].sum());
    }
    return out;
  }

  /** The hits of one entry by id, or 0 when no entry has it. */
  public long of(String id) {
    return byId().getOrDefault(id, 0L);
  }

  /**
   * Adds a predecessor's counts for the ids both rule sets have, so a reload does not reset the
   * counters of unchanged entries (Prometheus would read a reset as a restart).
   */
  public void carryOver(MappingHits previous) {
    Map<String, Long> old = previous.byId();
    for (int i = 0; i < mappings.size(); i++) {
      mappingCounts[i].add(old.getOrDefault(mappings.get(i).id(), 0L));
    }
    for (int i = 0; i < exceptions.size(); i++) {
      exceptionCounts[i].add(old.getOrDefault(exceptions.get(i).id(), 0L));
    }
  }
}
