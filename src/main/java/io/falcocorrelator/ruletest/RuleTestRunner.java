package io.falcocorrelator.ruletest;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.correlate.EventTimeClock;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.GroupHit;
import io.falcocorrelator.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Runs one {@link RuleTest} through the same core as {@code replay} (a fresh context table per
 * case) and compares what came out with what the case expects.
 */
public final class RuleTestRunner {
  private final RuleSet rules;

  public RuleTestRunner(RuleSet rules) {
    this.rules = rules;
  }

  /** A case's outcome; {@code diff} explains a failure, line by line. */
  public record Outcome(RuleTest test, boolean passed, List<String> diff, long nanos) {}

  public Outcome run(RuleTest test) {
    long start = System.nanoTime();
    List<String> diff = new ArrayList<>();
    List<FalcoAlert> alerts = alerts(test, diff);
    // Processing time is event time, as in replay: a case gives the same result on every run.
    EventTimeClock clock = new EventTimeClock(Instant.EPOCH);
    ContextTable table =
        new ContextTable(rules.correlator(), rules.contextKeys(), clock, new CorrelationStats());
    List<CompositeAlert> composites = new ArrayList<>();
    List<Set<ActivityGroup>> groups = new ArrayList<>();
    for (FalcoAlert alert : alerts) {
      clock.advanceTo(alert.time());
      List<GroupHit> hits = rules.classifier().classify(alert);
      Set<ActivityGroup> found = EnumSet.noneOf(ActivityGroup.class);
      hits.forEach(h -> found.add(h.group()));
      groups.add(found);
      table.process(alert, hits, composites::add);
    }
    test.composites().ifPresent(expected -> compareComposites(expected, composites, diff));
    for (RuleTest.GroupExpectation g : test.groups()) {
      compareGroups(g, groups, alerts, diff);
    }
    return new Outcome(test, diff.isEmpty(), diff, System.nanoTime() - start);
  }

  private static List<FalcoAlert> alerts(RuleTest test, List<String> diff) {
    if (test.alertsFile().isEmpty()) {
      return test.inline();
    }
    List<FalcoAlert> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(test.alertsFile().get())) {
      new AlertReader()
          .read(
              in,
              new AlertReader.Listener() {
                @Override
                public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
                  out.add(alert);
                }

                @Override
                public void error(ItemError error) {
                  diff.add("unreadable alert in " + test.alertsFile().get() + ": " + error);
                }
              });
    } catch (IOException e) {
      diff.add("cannot read " + test.alertsFile().get() + ": " + e.getMessage());
    }
    return out;
  }

  private static void compareComposites(
      List<RuleTest.ExpectedComposite> expected, List<CompositeAlert> actual, List<String> diff) {
    List<String> lines = new ArrayList<>();
    boolean same = expected.size() == actual.size();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      RuleTest.ExpectedComposite e = i < expected.size() ? expected.get(i) : null;
      JsonNode a = i < actual.size() ? CompositeJson.toJson(actual.get(i)) : null;
      if (e != null && a != null && matches(e, a)) {
        lines.add("    " + describe(e));
        continue;
      }
      same = false;
      if (e != null) {
        lines.add("  - " + describe(e));
      }
      if (a != null) {
        lines.add("  + " + describe(a, e));
      }
    }
    if (!same) {
      diff.add("composites differ (- expected, + actual):");
      if (lines.isEmpty()) {
        lines.add("    (none)");
      }
      diff.addAll(lines);
    }
  }

  static boolean matches(RuleTest.ExpectedComposite e, JsonNode a) {
    if (!e.caseRef().equals(a.path("case").asString())
        && !e.caseRef().equals(a.path("case_id").asString())) {
      return false;
    }
    if (e.severity() != null && !e.severity().equalsIgnoreCase(a.path("severity").asString())) {
      return false;
    }
    for (var c : e.context().entrySet()) {
      if (!c.getValue().equals(a.path("context").path(c.getKey()).asString(""))) {
        return false;
      }
    }
    if (e.escalated() != null && e.escalated() != escalated(a)) {
      return false;
    }
    return e.related() == null || e.related().equals(related(a));
  }

  private static boolean escalated(JsonNode a) {
    return !a.path("escalated_from").asString("").isEmpty();
  }

  private static List<String> related(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.path("related_cases").forEach(r -> out.add(r.asString()));
    return out;
  }

  static String describe(RuleTest.ExpectedComposite e) {
    StringBuilder sb =
        new StringBuilder(e.severity() == null ? "" : e.severity() + " ").append(e.caseRef());
    e.context().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    if (e.escalated() != null) {
      sb.append(" escalated=").append(e.escalated());
    }
    if (e.related() != null && !e.related().isEmpty()) {
      sb.append(" related=").append(e.related());
    }
    return sb.toString();
  }

  /**
   * The actual composite in the expected one's terms (the keys it names), or case, severity and
   * context.
   */
  static String describe(JsonNode a, RuleTest.ExpectedComposite like) {
    StringBuilder sb =
        new StringBuilder(a.path("severity").asString())
            .append(' ')
            .append(a.path("case").asString());
    List<String> keys =
        like == null || like.context().isEmpty()
            ? List.of("hostname", "container_id")
            : List.copyOf(like.context().keySet());
    for (String k : keys) {
      sb.append(' ').append(k).append('=').append(a.path("context").path(k).asString(""));
    }
    if (like == null || like.escalated() != null) {
      sb.append(" escalated=").append(escalated(a));
    }
    if (!related(a).isEmpty()
        || like != null && like.related() != null && !like.related().isEmpty()) {
      sb.append(" related=").append(related(a));
    }
    return sb.toString();
  }

  private static void compareGroups(
      RuleTest.GroupExpectation g,
      List<Set<ActivityGroup>> groups,
      List<FalcoAlert> alerts,
      List<String> diff) {
    if (g.alert() > groups.size()) {
      diff.add(
          "alert "
              + g.alert()
              + " ("
              + g.origin()
              + "): the stream has only "
              + groups.size()
              + " alert(s)");
      return;
    }
    Set<ActivityGroup> found = groups.get(g.alert() - 1);
    String rule = alerts.get(g.alert() - 1).rule();
    for (ActivityGroup must : g.must()) {
      if (!found.contains(must)) {
        diff.add(
            "alert "
                + g.alert()
                + " \""
                + rule
                + "\" must evidence "
                + must.id()
                + "; it evidences "
                + ids(found)
                + " (see: explain)");
      }
    }
    for (ActivityGroup not : g.mustNot()) {
      if (found.contains(not)) {
        diff.add(
            "alert " + g.alert() + " \"" + rule + "\" must not evidence " + not.id() + "; it does");
      }
    }
  }

  private static String ids(Set<ActivityGroup> groups) {
    return groups.isEmpty()
        ? "none"
        : String.join(", ", groups.stream().map(ActivityGroup::id).toList());
  }
}
