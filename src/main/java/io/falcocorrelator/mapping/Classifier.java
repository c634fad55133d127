package io.falcocorrelator.mapping;

import io.falcocorrelator.event.FalcoAlert;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an alert into the activity groups it evidences. Immutable and thread-safe: built once
 * per rule set and swapped whole on reload. Mappings that name exact rules are looked up by rule
 * name; only the others are tested on every alert. Hits come in mapping-file order, one per
 * group (the first entry that found it), minus the groups an exception removes.
 * Falco's own messages ({@code source: internal}) are never classified.
 */
public final class Classifier {
  private final List<Mapping> mappings;
  private final AlertMatcher[] matchers;
  private final List<Mapping> exceptions;
  private final Map<String, int[]> byRule;
  private final int[] unindexed;

  public Classifier(List<Mapping> mappings, List<Mapping> exceptions) {
    this.mappings = List.copyOf(mappings);
    this.matchers = this.mappings.stream().map(Mapping::match).toArray(AlertMatcher[]::new);
    this.exceptions = List.copyOf(exceptions);
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
    index.forEach((rule, ids) -> {
      List<Integer> merged = new ArrayList<>(ids);
      merged.addAll(always);
      built.put(rule, merged.stream().mapToInt(Integer::intValue).sorted().distinct().toArray());
    });
    // A HashMap, not Map.copyOf: its lookups are the faster of the two on this hot path.
    this.byRule = new HashMap<>(built);
  }

  public List<GroupHit> classify(FalcoAlert alert) {
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
    for (Mapping ex : exceptions) {
      if (ex.match().test(alert)) {
        hits.removeIf(h -> ex.groups().contains(h.group()));
      }
    }
    return hits.isEmpty() ? List.of() : List.copyOf(hits);
  }

  public List<Mapping> mappings() {
    return mappings;
  }

  public List<Mapping> exceptions() {
    return exceptions;
  }

  @Override
  public String toString() {
    return "Classifier[" + mappings.size() + " mappings, " + exceptions.size() + " exceptions, "
        + byRule.size() + " indexed rule names]";
  }
}
