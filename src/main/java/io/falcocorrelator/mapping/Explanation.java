package io.falcocorrelator.mapping;

import java.util.List;

/**
 * What the mappings made of one alert, for {@code explain}.
 *
 * @param internal Falco's own message ({@code source: internal}): never classified
 * @param groups the groups the alert evidences, exactly as {@link Classifier#classify} finds them
 * @param matched every mapping whose {@code match} held, in file order
 * @param exceptions every exception that removed a group; {@code groups} are the groups removed
 * @param nearMisses mappings about this alert (rule, source or tags held) that a field, priority or
 *     {@code not} condition turned down
 */
public record Explanation(
    boolean internal,
    List<GroupHit> groups,
    List<Verdicts> matched,
    List<Verdicts> exceptions,
    List<Verdicts> nearMisses) {
  public Explanation {
    groups = List.copyOf(groups);
    matched = List.copyOf(matched);
    exceptions = List.copyOf(exceptions);
    nearMisses = List.copyOf(nearMisses);
  }

  /**
   * One mapping's verdict; {@code groups} are the groups it adds (or, for an exception, removes).
   */
  public record Verdicts(Mapping mapping, Verdict verdict, List<ActivityGroup> groups) {
    public Verdicts {
      groups = List.copyOf(groups);
    }
  }
}
