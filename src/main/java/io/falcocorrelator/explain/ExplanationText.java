package io.falcocorrelator.explain;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.Check;
import io.falcocorrelator.mapping.Explanation;
import io.falcocorrelator.mapping.GroupHit;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/** The human-readable form of {@code explain}: one block per alert. */
public final class ExplanationText {
  private ExplanationText() {}

  public static void print(Explainer.Result result, PrintStream out) {
    for (AlertExplanation a : result.alerts()) {
      print(a, out);
      out.println();
    }
    result.errors().forEach(e -> out.println("unreadable " + e));
    if (result.truncated()) {
      out.println("... stopped after " + Explainer.MAX_ALERTS + " alerts");
    }
  }

  static void print(AlertExplanation a, PrintStream out) {
    out.println(
        a.where()
            + ": \""
            + a.alert().rule()
            + "\" ("
            + a.alert().priority().label()
            + ", "
            + a.alert().source()
            + ", "
            + a.alert().time()
            + ")");
    Explanation e = a.mappings();
    if (a.context().isPresent()) {
      ContextKey k = a.context().get();
      out.println(
          "  context: "
              + k.hostname()
              + " / "
              + k.containerId()
              + (k.scope().isEmpty() ? "" : " [" + k.scope() + "]"));
    } else {
      out.println("  context: none: " + a.noContext().orElse(""));
    }
    if (e.internal()) {
      out.println("  Falco's own message (source: internal): never classified");
      return;
    }
    out.println(
        "  groups: "
            + (e.groups().isEmpty()
                ? "none"
                : e.groups().stream()
                    .map(GroupHit::group)
                    .map(ActivityGroup::id)
                    .distinct()
                    .collect(Collectors.joining(", "))));
    if (e.matched().isEmpty()) {
      out.println("  matched: no mapping");
    }
    for (Explanation.Verdicts v : e.matched()) {
      out.println(verdictLine("matched", v, " -> "));
      v.verdict()
          .passed()
          .forEach(c -> out.println("      " + c.subject() + " " + c.condition() + actual(c)));
    }
    for (Explanation.Verdicts v : e.exceptions()) {
      out.println(verdictLine("removed by exception", v, ": "));
    }
    for (Explanation.Verdicts v : e.nearMisses()) {
      out.println(verdictLine("near miss", v, " -> "));
      v.verdict()
          .passed()
          .forEach(c -> out.println("      ok   " + c.subject() + " " + c.condition()));
      v.verdict()
          .failed()
          .forEach(
              c ->
                  out.println(
                      "      FAIL " + c.subject() + " " + c.condition() + ": " + shortReason(c)));
    }
  }

  /** {@code " <label> <mapping> (<file:line>)<beforeGroups><groups>"}. */
  private static String verdictLine(String label, Explanation.Verdicts v, String beforeGroups) {
    return "  "
        + label
        + " "
        + v.mapping().id()
        + " ("
        + v.mapping().origin()
        + ")"
        + beforeGroups
        + ids(v.groups());
  }

  /** The reason without the condition the line already shows. */
  private static String shortReason(Check c) {
    String repeated = ": does not satisfy " + c.condition();
    return c.reason().endsWith(repeated)
        ? c.reason().substring(0, c.reason().length() - repeated.length())
        : c.reason();
  }

  private static String actual(Check c) {
    return c.actual() == null || c.kind() == Check.Kind.RULE ? "" : "  (" + c.actual() + ")";
  }

  private static String ids(List<ActivityGroup> groups) {
    return groups.stream().map(ActivityGroup::id).collect(Collectors.joining(", "));
  }
}
