package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Incidents in memory, indexed by id, by creation order and by change order, plus the reverse
 * escalation links. A query scans every incident once, newest first: the total and the counts for
 * the console's header need every match anyway, and with each incident's search text prepared at
 * insertion a scan of 100,000 takes a few milliseconds (docs/operations.md).
 */
public final class MemoryIncidentStore implements IncidentStore {
  /** Longest search text kept per incident: bounds memory and the cost of {@code q}. */
  static final int MAX_SEARCH_CHARS = 8192;

  private static final Severity[] SEVERITIES = Severity.values();
  private static final IncidentStatus[] STATUSES = IncidentStatus.values();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Entry> byId = new HashMap<>();

  /** Every entry in creation order: a query walks this array backwards (no tree nodes to chase). */
  private final ArrayList<Entry> bySeq = new ArrayList<>();

  private final TreeMap<Long, Entry> byVersion = new TreeMap<>();
  private final Map<String, Set<String>> escalations = new HashMap<>();
  private long lastVersion;
  private int removedInList;

  /**
   * An incident (replaced on each change) and its lower-case search text; {@code removed} once
   * retention took it.
   */
  private static final class Entry {
    Incident incident;
    final String text;
    boolean removed;

    Entry(Incident incident, String text) {
      this.incident = incident;
      this.text = text;
    }
  }

  @Override
  public void put(Incident incident) {
    lock.writeLock().lock();
    try {
      Entry old = byId.get(incident.id());
      if (old != null) {
        byVersion.remove(old.incident.version());
        old.incident = incident;
        byVersion.put(incident.version(), old);
      } else {
        Entry e = new Entry(incident, searchText(incident));
        byId.put(incident.id(), e);
        insertBySeq(e);
        byVersion.put(incident.version(), e);
        String from = incident.composite().escalatedFrom();
        if (!from.isEmpty()) {
          escalations.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(incident.id());
        }
      }
      lastVersion = Math.max(lastVersion, Math.max(incident.version(), incident.seq()));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Appends (the usual case: creation numbers only grow) or inserts in order. */
  private void insertBySeq(Entry e) {
    long seq = e.incident.seq();
    int n = bySeq.size();
    if (n == 0 || bySeq.get(n - 1).incident.seq() < seq) {
      bySeq.add(e);
      return;
    }
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (bySeq.get(mid).incident.seq() < seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    bySeq.add(lo, e);
  }

  @Override
  public Optional<Incident> get(String id) {
    lock.readLock().lock();
    try {
      Entry e = byId.get(id);
      return e == null ? Optional.empty() : Optional.of(e.incident);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public IncidentPage query(IncidentQuery q) {
    int[] bySeverity = new int[SEVERITIES.length];
    int[] byStatus = new int[STATUSES.length];
    List<Incident> page = new ArrayList<>(Math.min(q.limit(), 64));
    int total = 0;
    boolean more = false;
    lock.readLock().lock();
    try {
      for (int at = bySeq.size() - 1; at >= 0; at--) {
        Entry e = bySeq.get(at);
        Incident i = e.incident;
        if (e.removed || !q.matches(i, e.text)) {
          continue;
        }
        total++;
        bySeverity[i.composite().severity().ordinal()]++;
        byStatus[i.status().ordinal()]++;
        if (i.seq() < q.cursorSeq()) {
          if (page.size() < q.limit()) {
            page.add(i);
          } else {
            more = true;
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    Map<Severity, Integer> severities = new EnumMap<>(Severity.class);
    for (Severity s : SEVERITIES) {
      severities.put(s, bySeverity[s.ordinal()]);
    }
    Map<IncidentStatus, Integer> statuses = new EnumMap<>(IncidentStatus.class);
    for (IncidentStatus s : STATUSES) {
      statuses.put(s, byStatus[s.ordinal()]);
    }
    String next = more ? IncidentQuery.cursorAt(page.get(page.size() - 1).seq()) : null;
    return new IncidentPage(page, next, total, severities, statuses);
  }

  @Override
  public List<Incident> escalationsOf(String id) {
    lock.readLock().lock();
    try {
      List<Incident> out = new ArrayList<>();
      for (String e : escalations.getOrDefault(id, Set.of())) {
        Entry entry = byId.get(e);
        if (entry != null) {
          out.add(entry.incident);
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Incident> changedSince(long version, int max) {
    lock.readLock().lock();
    try {
      List<Incident> out = new ArrayList<>();
      for (Entry e : byVersion.tailMap(version, false).values()) {
        if (out.size() == max) {
          break;
        }
        out.add(e.incident);
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long lastVersion() {
    lock.readLock().lock();
    try {
      return lastVersion;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return byId.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int retain(Instant cutoff, int maxCount) {
    return removeAll(expired(cutoff, maxCount));
  }

  /** The ids {@link #retain} would remove, oldest first. */
  List<String> expired(Instant cutoff, int maxCount) {
    lock.readLock().lock();
    try {
      List<String> out = new ArrayList<>();
      int remaining = byId.size();
      for (Entry e : bySeq) {
        if (e.removed) {
          continue;
        }
        if (remaining > maxCount || e.incident.createdAt().isBefore(cutoff)) {
          out.add(e.incident.id());
          remaining--;
        } else {
          break;
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Removes the incidents with these ids; returns how many were there. */
  int removeAll(List<String> ids) {
    lock.writeLock().lock();
    try {
      int n = 0;
      for (String id : ids) {
        Entry e = byId.remove(id);
        if (e == null) {
          continue;
        }
        n++;
        e.removed = true;
        removedInList++;
        byVersion.remove(e.incident.version());
        escalations.remove(id);
        String from = e.incident.composite().escalatedFrom();
        Set<String> siblings = from.isEmpty() ? null : escalations.get(from);
        if (siblings != null) {
          siblings.remove(id);
          if (siblings.isEmpty()) {
            escalations.remove(from);
          }
        }
      }
      if (removedInList > 0) {
        bySeq.removeIf(e -> e.removed);
        removedInList = 0;
      }
      return n;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Rules, command lines, file names and executable paths of the evidence, and the case name, lower
   * case.
   */
  static String searchText(Incident incident) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(incident.composite().caseName()).append('\n');
    for (Evidence e : incident.composite().evidence()) {
      sb.append(e.rule()).append('\n');
      for (String field : new String[] {"proc.cmdline", "fd.name", "proc.exepath", "proc.name"}) {
        String v = e.fieldText(field);
        if (v != null) {
          sb.append(v).append('\n');
        }
      }
      if (sb.length() > MAX_SEARCH_CHARS) {
        break;
      }
    }
    String text =
        sb.length() > MAX_SEARCH_CHARS ? sb.substring(0, MAX_SEARCH_CHARS) : sb.toString();
    return text.toLowerCase(Locale.ROOT);
  }
}
