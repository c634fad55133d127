package io.falcocorrelator.mapping;

import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.Priority;
import java.util.List;
import java.util.Set;

/** A compiled {@code match:} block of a mapping: a predicate over one alert. */
public sealed interface AlertMatcher {

  boolean test(FalcoAlert alert);

  /**
   * The same decision as {@link #test}, with the reasons: every leaf condition tested, by outcome.
   * Slower (it tests every part and formats text): for {@code explain}, never the hot path.
   */
  Verdict check(FalcoAlert alert);

  /**
   * Exact rule names this matcher requires, or {@code null} when it may match any rule. The
   * classifier uses it to look mappings up by rule name instead of testing every one.
   */
  default Set<String> requiredRules() {
    return null;
  }

  record Rule(FieldCondition condition) implements AlertMatcher {
    @Override
    public boolean test(FalcoAlert alert) {
      return condition.test(alert.rule());
    }

    @Override
    public Verdict check(FalcoAlert alert) {
      return Verdict.leaf(
          Check.of(Check.Kind.RULE, "rule", condition.describe(), alert.rule(), test(alert)));
    }

    @Override
    public Set<String> requiredRules() {
      if (condition instanceof FieldCondition.In) {
        return ((FieldCondition.In) condition).texts();
      }
      if (condition instanceof FieldCondition.Equals
          && ((FieldCondition.Equals) condition).expected() instanceof String) {
        return Set.of((String) ((FieldCondition.Equals) condition).expected());
      }
      return null;
    }
  }

  record Source(FieldCondition condition) implements AlertMatcher {
    @Override
    public boolean test(FalcoAlert alert) {
      return condition.test(alert.source());
    }

    @Override
    public Verdict check(FalcoAlert alert) {
      return Verdict.leaf(
          Check.of(Check.Kind.SOURCE, "source", condition.describe(), alert.source(), test(alert)));
    }
  }

  record Tags(Set<String> tags, boolean all) implements AlertMatcher {
    public Tags {
      tags = Set.copyOf(tags);
    }

    @Override
    public boolean test(FalcoAlert alert) {
      int hits = 0;
      for (String t : alert.tags()) {
        if (tags.contains(t)) {
          if (!all) {
            return true;
          }
          hits++;
        }
      }
      // Falco's tags are a set, so counting distinct hits is enough for "all".
      return all && hits >= tags.size();
    }

    @Override
    public Verdict check(FalcoAlert alert) {
      String condition = (all ? "all of " : "any of ") + new java.util.TreeSet<>(tags);
      return Verdict.leaf(Check.of(Check.Kind.TAGS, "tags", condition, alert.tags(), test(alert)));
    }
  }

  record MinPriority(Priority minimum) implements AlertMatcher {
    @Override
    public boolean test(FalcoAlert alert) {
      return alert.priority().atLeast(minimum);
    }

    @Override
    public Verdict check(FalcoAlert alert) {
      return Verdict.leaf(
          Check.of(
              Check.Kind.PRIORITY,
              "priority",
              minimum.label(),
              alert.priority().label(),
              test(alert)));
    }
  }

  record Field(String name, FieldCondition condition) implements AlertMatcher {
    @Override
    public boolean test(FalcoAlert alert) {
      return condition.test(alert.field(name));
    }

    @Override
    public Verdict check(FalcoAlert alert) {
      return Verdict.leaf(
          Check.of(Check.Kind.FIELD, name, condition.describe(), alert.field(name), test(alert)));
    }
  }

  record All(List<AlertMatcher> matchers, AlertMatcher[] array) implements AlertMatcher {
    public All(List<AlertMatcher> matchers) {
      this(List.copyOf(matchers), matchers.toArray(new AlertMatcher[0]));
    }

    @Override
    public boolean test(FalcoAlert alert) {
      for (AlertMatcher m : array) {
        if (!m.test(alert)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Verdict check(FalcoAlert alert) {
      return Verdict.all(matchers.stream().map(m -> m.check(alert)).toList());
    }

    @Override
    public Set<String> requiredRules() {
      for (AlertMatcher m : matchers) {
        Set<String> rules = m.requiredRules();
        if (rules != null) {
          return rules;
        }
      }
      return null;
    }
  }

  record Any(List<AlertMatcher> matchers) implements AlertMatcher {
    public Any {
      matchers = List.copyOf(matchers);
    }

    @Override
    public boolean test(FalcoAlert alert) {
      for (AlertMatcher m : matchers) {
        if (m.test(alert)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Verdict check(FalcoAlert alert) {
      return Verdict.any(matchers.stream().map(m -> m.check(alert)).toList());
    }
  }

  record Not(AlertMatcher matcher) implements AlertMatcher {
    @Override
    public boolean test(FalcoAlert alert) {
      return !matcher.test(alert);
    }

    @Override
    public Verdict check(FalcoAlert alert) {
      Verdict inner = matcher.check(alert);
      String condition =
          "not ("
              + String.join(" and ", inner.passed().stream().map(Check::toString).toList())
              + ")";
      Check c =
          inner.matched()
              ? new Check(
                  Check.Kind.NOT,
                  "not",
                  condition,
                  null,
                  false,
                  "the excluded condition matched: "
                      + String.join(
                          ", ",
                          inner.passed().stream()
                              .map(x -> x.subject() + " " + x.condition())
                              .toList()))
              : new Check(Check.Kind.NOT, "not", "not (...)", null, true, "");
      return Verdict.leaf(c);
    }
  }
}
