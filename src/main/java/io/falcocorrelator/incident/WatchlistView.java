package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.CaseDefinition;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The watchlist of the live correlator: {@link Watchlist} entries computed on the correlator thread
 * (the only one that may read the contexts), filtered like incidents, ranked, bounded.
 */
public final class WatchlistView {
  /**
   * Contexts with evidence ranked per answer, most recently used first: bounds the work on the
   * correlator thread.
   */
  static final int MAX_CONTEXTS = 20_000;

  static final int MAX_SCANNED = 200_000;
  private final LiveContexts live;
  private final Clock clock;

  public WatchlistView(LiveContexts live, Clock clock) {
    this.live = live;
    this.clock = clock;
  }

  /**
   * The entries passing the filter's context filters, whose reachable cases are cut to those of at
   * least {@code filter.minSeverity()} and, when given, of {@code filter.cases()}; closest first,
   * at most {@code limit}.
   */
  public CompletableFuture<List<Watchlist.Entry>> entries(IncidentQuery filter, int limit) {
    Instant now = clock.instant();
    return live.query(table -> compute(table, filter, now, limit));
  }

  static List<Watchlist.Entry> compute(
      ContextTable table, IncidentQuery filter, Instant now, int limit) {
    List<CaseDefinition> cases = new ArrayList<>();
    for (CaseDefinition c : table.correlator().cases().all()) {
      if (wanted(c, filter)) {
        cases.add(c);
      }
    }
    var stateGroups = table.correlator().settings().stateGroups();
    List<Watchlist.Entry> out = new ArrayList<>();
    for (var s :
        table.withEvidence(
            MAX_CONTEXTS, MAX_SCANNED, s -> filter.matchesContext(s.key(), s.info()))) {
      Watchlist.Entry e = Watchlist.entry(s, cases, stateGroups, now);
      if (e != null) {
        out.add(e);
      }
    }
    out.sort(Watchlist.RANK);
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private static boolean wanted(CaseDefinition c, IncidentQuery filter) {
    Severity min = filter.minSeverity();
    if (min != null && min.higherThan(c.severity())) {
      return false;
    }
    return filter.cases().isEmpty()
        || filter.cases().contains(c.id())
        || filter.cases().contains(c.name().toLowerCase(Locale.ROOT));
  }
}
