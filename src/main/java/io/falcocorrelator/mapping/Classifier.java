package io.falcocorrelator.mapping;

import io.falcocorrelator.event.FalcoAlert;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an alert into the activity groups it evidences. Immutable and thread-safe: built once per
 * rule set and swapped whole on reload. Mappings that name exact rules are looked up by rule name;
 * only the others are tested on every alert. Hits come in mapping-file order, one per group (the
 * first entry that found it), minus the groups an exception removes. Falco's own messages ({@code
 * source: internal}) are never classified.
 */
public final class Classifier {
  private final List<Mapping> mappings;
  private final AlertMatcher[] matchers;
  private final List<Mapping> exceptions;
  private final Map<String, int[]> byRule;
  private final int[] unindexed;
  private final MappingHits hits;

  public Classifier(List<Mapping> mappings, List<Mapping> exceptions) {
    this.mappings = List.copyOf(mappings);
    this.matchers = this.mappings.stream().map(Mapping::match).toArray(AlertMatcher[]::new);
    this.exceptions = List.copyOf(exceptions);
    this.hits = new MappingHits(this.mappings, this.exceptions);
    Map<String, List<Integer>> index = new HashMap<>();
    List<Integer> always = new ArrayList<>();
    for (int i = 0; i < this.mappings.size(); i++) {
      Set<String> rules = this.mappings.get(i).match().requiredRules();
      if (rules == null) {
        always.add(i);
      } else {
        for (String rule : rules) {
          index.computeIfAbsent(rule, k -> new ArrayList<>()).add(i);
        }
      }
    }
    this.unindexed = always.stream().mapToInt(Integer::intValue).toArray();
    Map<String, int[]> built = new HashMap<>();
    // Each rule's candidates merged with the unindexed ones, in file order.
    index.forEach(
        (rule, ids) -> {
          List<Integer> merged = new ArrayList<>(ids);
          merged.addAll(always);
          built.put(
              rule, merged.stream().mapToInt(Integer::intValue).sorted().distinct().toArray());
        });
    // A HashMap, not Map.copyOf: its lookups are the faster of the two on this hot path.
    this.byRule = new HashMap<>(built);
  }

  /** The groups the alert evidences; counts each mapping and exception that matched. */
  public List<GroupHit> classify(FalcoAlert alert) {
    return classify(alert, true);
  }

  private List<GroupHit> classify(FalcoAlert alert, boolean count) {
    if (alert.isInternal()) {
      return List.of();
    }
    int[] candidates = byRule.getOrDefault(alert.rule(), unindexed);
    List<GroupHit> hits = null;
    EnumSet<ActivityGroup> seen = null;
    for (int i : candidates) {
      if (!matchers[i].test(alert)) {
        continue;
      }
      Mapping m = mappings.get(i);
      if (count) {
        this.hits.mapping(i);
      }
      if (hits == null) {
        hits = new ArrayList<>(2);
        seen = EnumSet.noneOf(ActivityGroup.class);
      }
      for (ActivityGroup g : m.groups()) {
        if (seen.add(g)) {
          hits.add(new GroupHit(g, m.id()));
        }
      }
    }
    if (hits == null) {
      return List.of();
    }
    for (int e = 0; e < exceptions.size(); e++) {
      Mapping ex = exceptions.get(e);
      if (ex.match().test(alert)) {
        if (count) {
          this.hits.exception(e);
        }
        hits.removeIf(h -> ex.groups().contains(h.group()));
      }
    }
    return hits.isEmpty() ? List.of() : List.copyOf(hits);
  }

  /**
   * Why the alert evidences what it does: the groups {@link #classify} finds (same code, not
   * counted in the hit counters), every mapping that matched, every exception that removed a group
   * and the near misses. Tests every mapping: for {@code explain}, not the hot path.
   */
  public Explanation explain(FalcoAlert alert) {
    if (alert.isInternal()) {
      return new Explanation(true, List.of(), List.of(), List.of(), List.of());
    }
    List<GroupHit> groups = classify(alert, false);
    List<Explanation.Verdicts> matched = new ArrayList<>();
    List<Explanation.Verdicts> nearMisses = new ArrayList<>();
    EnumSet<ActivityGroup> found = EnumSet.noneOf(ActivityGroup.class);
    for (Mapping m : mappings) {
      Verdict v = m.match().check(alert);
      if (v.matched()) {
        matched.add(new Explanation.Verdicts(m, v, m.groups()));
        found.addAll(m.groups());
      } else if (v.nearMiss()) {
        nearMisses.add(new Explanation.Verdicts(m, v, m.groups()));
      }
    }
    List<Explanation.Verdicts> removedBy = new ArrayList<>();
    for (Mapping ex : exceptions) {
      Verdict v = ex.match().check(alert);
      List<ActivityGroup> removed = ex.groups().stream().filter(found::contains).toList();
      if (v.matched() && !removed.isEmpty()) {
        removedBy.add(new Explanation.Verdicts(ex, v, removed));
      }
    }
    return new Explanation(false, groups, matched, removedBy, nearMisses);
  }

  /**
   * Hits per mapping and exception since this classifier was built (plus what a predecessor handed
   * over).
   */
  public MappingHits hits() {
    return hits;
  }

  public List<Mapping> mappings() {
    return mappings;
  }

  public List<Mapping> exceptions() {
    return exceptions;
  }

  @Override
  public String toString() {
    return "Classifier["
        + mappings.size()
        + " mappings, "
        + exceptions.size()
        + " exceptions, "
        + byRule.size()
        + " indexed rule names]";
  }
}
