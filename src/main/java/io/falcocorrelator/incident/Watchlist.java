package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.event.EventNanos;
import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What is brewing: contexts with partial progress toward a case that has not fired there yet. Pure:
 * computed from context states (on the correlator thread, which owns them) and a time.
 *
 * <p>A case is <em>reachable</em> in a context when at least one of its timed groups has evidence,
 * it has not fired there, and the window that would hold the evidence seen so far has not closed:
 * it opens at the oldest of the seen groups' newest evidence and closes a case window later. Time
 * is the context's own (its newest event time) advanced by the processing time since its last
 * alert, so a replayed history is judged as it was happening and a quiet context's windows still
 * run out. Entries are ranked by closeness: fewest groups missing first, then the more severe case,
 * then the window closing first; so a Critical case that needs one more group ranks first.
 */
public final class Watchlist {
  /** Default and greatest number of entries answered. */
  public static final int DEFAULT_LIMIT = 100;

  public static final int MAX_LIMIT = 1000;

  private Watchlist() {}

  /**
   * One group seen in a context: its first and last evidence time and how much evidence is held.
   */
  public record GroupSeen(ActivityGroup group, Instant first, Instant last, int count) {}

  /**
   * A case the context can still complete, the groups it still needs, and the seconds left in its
   * window.
   */
  public record Reachable(
      CaseDefinition definition, List<ActivityGroup> missing, long windowRemainingSeconds) {
    public Reachable {
      missing = List.copyOf(missing);
    }
  }

  /** One context on the watchlist; {@code reachable} is closest first. */
  public record Entry(ContextState context, List<GroupSeen> groups, List<Reachable> reachable) {
    public Entry {
      groups = List.copyOf(groups);
      reachable = List.copyOf(reachable);
    }

    public long windowRemainingSeconds() {
      return reachable.get(0).windowRemainingSeconds();
    }
  }

  static final Comparator<Reachable> CLOSEST =
      Comparator.<Reachable>comparingInt(r -> r.missing().size())
          .thenComparing(r -> r.definition().severity())
          .thenComparingLong(Reachable::windowRemainingSeconds);

  /** The watchlist entry of a context, or null when no case is reachable there. */
  public static Entry entry(
      ContextState s, List<CaseDefinition> cases, Set<ActivityGroup> stateGroups, Instant now) {
    long nowNanos = EventNanos.of(now);
    long elapsed = Math.max(0, EventNanos.minus(nowNanos, s.lastProcessedNanos()));
    long effectiveNow = EventNanos.plus(s.latestEventNanos(), elapsed);
    List<Reachable> reachable = new ArrayList<>();
    for (CaseDefinition c : cases) {
      if (s.firedCase(c.id()) != null) {
        continue;
      }
      List<ActivityGroup> missing = new ArrayList<>();
      long opens = Long.MAX_VALUE;
      boolean timedSeen = false;
      for (ActivityGroup g : c.groups()) {
        if (!s.has(g)) {
          missing.add(g);
        } else if (!stateGroups.contains(g)) {
          timedSeen = true;
          List<Evidence> ev = s.evidenceOf(g);
          opens = Math.min(opens, ev.get(ev.size() - 1).timeNanos());
        }
      }
      if (!timedSeen || missing.isEmpty()) {
        continue;
      }
      long closes = EventNanos.plus(opens, EventNanos.of(c.window()));
      long remainingNanos = EventNanos.minus(closes, effectiveNow);
      if (remainingNanos > 0) {
        reachable.add(new Reachable(c, missing, Math.max(1, remainingNanos / 1_000_000_000L)));
      }
    }
    if (reachable.isEmpty()) {
      return null;
    }
    reachable.sort(CLOSEST);
    List<GroupSeen> groups = new ArrayList<>();
    for (var e : s.evidence().entrySet()) {
      List<Evidence> ev = e.getValue();
      groups.add(
          new GroupSeen(e.getKey(), ev.get(0).time(), ev.get(ev.size() - 1).time(), ev.size()));
    }
    return new Entry(s, groups, reachable);
  }

  /** Entries closest first (see the class comment), then by context for a stable order. */
  public static final Comparator<Entry> RANK =
      Comparator.<Entry, Reachable>comparing(e -> e.reachable().get(0), CLOSEST)
          .thenComparing(e -> e.context().key().toString());
}
