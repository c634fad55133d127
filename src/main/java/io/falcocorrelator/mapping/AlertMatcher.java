package io.falcocorrelator.mapping;

import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.Priority;
import java.util.List;
import java.util.Set;

/** A compiled {@code match:} block of a mapping: a predicate over one alert. */
public sealed interface AlertMatcher {

  boolean test(FalcoAlert alert);

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
    public Set<String> requiredRules() {
      if (condition instanceof FieldCondition.In) {
        return ((FieldCondition.In) condition).texts();
      }
      if (condition instanceof FieldCondition.Equals && ((FieldCondition.Equals) condition).expected() instanceof String) {
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
  }

  record MinPriority(Priority minimum) implements AlertMatcher {
    @Override
    public boolean test(FalcoAlert alert) {
      return alert.priority().atLeast(minimum);
    }
  }

  record Field(String name, FieldCondition condition) implements AlertMatcher {
    @Override
    public boolean test(FalcoAlert alert) {
      return condition.test(alert.field(name));
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
  }

  record Not(AlertMatcher matcher) implements AlertMatcher {
    @Override
    public boolean test(FalcoAlert alert) {
      return !matcher.test(alert);
    }
  }
}
