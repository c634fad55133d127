package io.falcocorrelator.server;

import io.falcocorrelator.correlate.CompositeAlert;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The last N composite alerts, newest first, for the query API. Thread-safe. */
public final class RecentComposites {
  private final int capacity;
  private final ArrayDeque<CompositeAlert> deque;

  public RecentComposites(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.deque = new ArrayDeque<>(Math.min(capacity, 4096));
  }

  public synchronized void add(CompositeAlert alert) {
    deque.addFirst(alert);
    if (deque.size() > capacity) {
      deque.removeLast();
    }
  }

  /** Newest first: those detected at or after {@code since} (null: all), at most {@code limit}. */
  public synchronized List<CompositeAlert> list(Instant since, int limit) {
    List<CompositeAlert> out = new ArrayList<>(Math.min(limit, deque.size()));
    Iterator<CompositeAlert> it = deque.iterator();
    while (it.hasNext() && out.size() < limit) {
      CompositeAlert a = it.next();
      if (since != null && a.detectedAt().isBefore(since)) {
        break;
      }
      out.add(a);
    }
    return out;
  }

  public synchronized int size() {
    return deque.size();
  }
}
