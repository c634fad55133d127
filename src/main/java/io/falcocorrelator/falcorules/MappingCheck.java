package io.falcocorrelator.falcorules;

import io.falcocorrelator.mapping.AlertMatcher;
import io.falcocorrelator.mapping.FieldCondition;
import io.falcocorrelator.mapping.Mapping;
import io.falcocorrelator.yaml.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks mappings against the Falco rules a user runs: rule names not defined or disabled there,
 * rule globs and patterns matching no rule, tags no rule carries, and field conditions on fields no
 * rule the mapping can match prints (in its output or through {@code append_output}). Rule patterns
 * are tested with the mapping's own condition objects.
 */
public final class MappingCheck {
  /** Separates a message from its location detail while messages are collected. */
  private static final char DETAIL = '\u0001';

  private final FalcoRules falco;
  private final List<FalcoRule> all;
  private final List<String> names;

  public MappingCheck(FalcoRules falco) {
    this.falco = falco;
    this.all = falco.rules();
    this.names = all.stream().map(FalcoRule::name).toList();
  }

  /**
   * One warning, located at the mapping entry.
   *
   * @param message what is wrong, stable across line shifts (what a baseline names)
   * @param detail where in the Falco rules, or empty
   */
  public record Finding(String origin, String mappingId, String message, String detail) {
    /** {@code mapping-id: message}: the finding without locations. */
    public String key() {
      return mappingId + ": " + message;
    }

    @Override
    public String toString() {
      return origin + " " + key() + detail;
    }
  }

  public List<Finding> check(List<Mapping> mappings) {
    List<Finding> out = new ArrayList<>();
    for (Mapping m : mappings) {
      Parts parts = new Parts();
      parts.collect(m.match());
      List<String> messages = new ArrayList<>();
      Set<FalcoRule> candidates = candidates(parts, messages);
      fields(parts, candidates, messages);
      for (String msg : messages) {
        int at = msg.indexOf(DETAIL);
        out.add(
            at < 0
                ? new Finding(m.origin(), m.id(), msg, "")
                : new Finding(
                    m.origin(), m.id(), msg.substring(0, at), " (" + msg.substring(at + 1) + ")"));
      }
    }
    return out;
  }

  /**
   * The enabled rules whose alerts the mapping can match; warns for names and patterns that match
   * none.
   */
  private Set<FalcoRule> candidates(Parts parts, List<String> messages) {
    Set<FalcoRule> out = new LinkedHashSet<>();
    for (FieldCondition c : parts.ruleConditions) {
      Set<String> exact = exactNames(c);
      if (exact != null) {
        for (String name : exact) {
          FalcoRule r = falco.rule(name).orElse(null);
          if (r == null) {
            messages.add(
                "rule \""
                    + name
                    + "\" is not defined in the Falco rules given"
                    + Suggestions.didYouMean(name, names)
                        .map(s -> " (did you mean \"" + s + "\"?)")
                        .orElse(""));
          } else if (!r.enabled()) {
            messages.add(
                "rule \""
                    + name
                    + "\" is disabled"
                    + DETAIL
                    + "enabled: false at "
                    + r.disabledAt());
          } else {
            out.add(r);
          }
        }
      } else {
        List<FalcoRule> hits = all.stream().filter(r -> c.test(r.name())).toList();
        if (hits.isEmpty()) {
          messages.add(
              "rule condition "
                  + c.describe()
                  + " matches no rule defined in the Falco rules given");
        } else if (hits.stream().noneMatch(FalcoRule::enabled)) {
          messages.add(
              "rule condition "
                  + c.describe()
                  + " matches only disabled rules: "
                  + hits.stream().map(FalcoRule::name).collect(Collectors.joining(", ")));
        }
        hits.stream().filter(FalcoRule::enabled).forEach(out::add);
      }
    }
    for (AlertMatcher.Tags t : parts.tags) {
      for (String tag : t.tags()) {
        if (all.stream().noneMatch(r -> r.tags().contains(tag))) {
          messages.add("tag \"" + tag + "\" is carried by no rule in the Falco rules given");
        }
      }
    }
    if (parts.ruleConditions.isEmpty()) {
      // Field-only (or tag) mappings: any enabled rule with the tags may carry the fields.
      all.stream()
          .filter(FalcoRule::enabled)
          .filter(
              r -> parts.tags.isEmpty() || parts.tags.stream().anyMatch(t -> t.test(tagsOnly(r))))
          .forEach(out::add);
    }
    return out;
  }

  private static io.falcocorrelator.event.FalcoAlert tagsOnly(FalcoRule r) {
    return new io.falcocorrelator.event.FalcoAlert(
        "",
        r.name(),
        io.falcocorrelator.event.Priority.WARNING,
        java.time.Instant.EPOCH,
        r.source(),
        "",
        "",
        List.copyOf(r.tags()),
        java.util.Map.of());
  }

  private void fields(Parts parts, Set<FalcoRule> candidates, List<String> messages) {
    if (candidates.isEmpty()) {
      return;
    }
    for (String field : parts.fields) {
      if (candidates.stream().noneMatch(r -> falco.provides(r, field))) {
        String which =
            candidates.size() == 1
                ? "rule \"" + candidates.iterator().next().name() + "\""
                : "none of the " + candidates.size() + " rules it can match";
        messages.add(
            "field "
                + field
                + " is never in the alerts: "
                + which
                + " prints it"
                + (falco.haveConfig()
                    ? " and no append_output of the Falco config adds it"
                    : " (no --falco-config given for append_output)")
                + "; add it to append_output extra_fields");
      }
    }
  }

  /** Names a rule condition matches exactly ({@code rule: X} or a list), or null for patterns. */
  private static Set<String> exactNames(FieldCondition c) {
    if (c instanceof FieldCondition.In) {
      return ((FieldCondition.In) c).texts();
    }
    if (c instanceof FieldCondition.Equals
        && ((FieldCondition.Equals) c).expected() instanceof String) {
      return Set.of((String) ((FieldCondition.Equals) c).expected());
    }
    return null;
  }

  /**
   * The rule conditions, tag conditions and fields (outside {@code exists: false}) of a match tree.
   */
  private static final class Parts {
    final List<FieldCondition> ruleConditions = new ArrayList<>();
    final List<AlertMatcher.Tags> tags = new ArrayList<>();
    final Set<String> fields = new LinkedHashSet<>();

    void collect(AlertMatcher m) {
      if (m instanceof AlertMatcher.Rule) {
        ruleConditions.add(((AlertMatcher.Rule) m).condition());
      } else if (m instanceof AlertMatcher.Tags) {
        tags.add((AlertMatcher.Tags) m);
      } else if (m instanceof AlertMatcher.Field) {
        AlertMatcher.Field f = (AlertMatcher.Field) m;
        boolean absent =
            f.condition() instanceof FieldCondition.Exists
                && !((FieldCondition.Exists) f.condition()).present();
        if (!absent) {
          fields.add(f.name());
        }
      } else if (m instanceof AlertMatcher.All) {
        ((AlertMatcher.All) m).matchers().forEach(this::collect);
      } else if (m instanceof AlertMatcher.Any) {
        ((AlertMatcher.Any) m).matchers().forEach(this::collect);
      }
      // Not: what a mapping excludes need not exist in the rules.
    }
  }
}
