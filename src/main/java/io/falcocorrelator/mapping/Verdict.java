package io.falcocorrelator.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a {@link AlertMatcher} matched one alert or not: its leaf {@link Check}s split by outcome.
 * {@code matched} is always what {@link AlertMatcher#test} answers for the same alert; the checks
 * come from the same condition objects.
 */
public record Verdict(boolean matched, List<Check> passed, List<Check> failed) {
  public Verdict {
    passed = List.copyOf(passed);
    failed = List.copyOf(failed);
  }

  static Verdict leaf(Check check) {
    return check.passed()
        ? new Verdict(true, List.of(check), List.of())
        : new Verdict(false, List.of(), List.of(check));
  }

  /** Every part must match; every part's checks are kept, so all failures are reported at once. */
  static Verdict all(List<Verdict> parts) {
    List<Check> passed = new ArrayList<>();
    List<Check> failed = new ArrayList<>();
    boolean matched = true;
    for (Verdict v : parts) {
      matched &= v.matched;
      passed.addAll(v.passed);
      failed.addAll(v.failed);
    }
    return new Verdict(matched, passed, failed);
  }

  /** One part must match: the first that does, or every part's failures. */
  static Verdict any(List<Verdict> parts) {
    List<Check> failed = new ArrayList<>();
    for (Verdict v : parts) {
      if (v.matched) {
        return new Verdict(true, v.passed, List.of());
      }
      failed.addAll(v.failed);
    }
    return new Verdict(false, List.of(), failed);
  }

  /**
   * A near miss: the mapping is about this alert (no rule, source or tags check failed and at least
   * one check held) but a field, priority or {@code not} condition failed.
   */
  public boolean nearMiss() {
    return !matched && !passed.isEmpty() && failed.stream().noneMatch(c -> c.kind().selects());
  }
}
