package io.falcocorrelator.ruletest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JUnit XML (the Ant/Surefire dialect CI systems read): one {@code testsuite} per test file, one
 * {@code testcase} per case, a {@code failure} with the diff for each failed case.
 */
public final class JunitReport {
  private JunitReport() {}

  public static void write(Path file, List<RuleTestRunner.Outcome> outcomes, List<String> problems)
      throws IOException {
    Map<String, List<RuleTestRunner.Outcome>> suites = new LinkedHashMap<>();
    for (RuleTestRunner.Outcome o : outcomes) {
      suites.computeIfAbsent(o.test().suite(), k -> new java.util.ArrayList<>()).add(o);
    }
    long failures = outcomes.stream().filter(o -> !o.passed()).count();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      w.write(
          "<testsuites name=\"falco-correlator rules tests\" tests=\""
              + (outcomes.size() + (problems.isEmpty() ? 0 : 1))
              + "\" failures=\""
              + failures
              + "\" errors=\""
              + (problems.isEmpty() ? 0 : 1)
              + "\">\n");
      for (var suite : suites.entrySet()) {
        List<RuleTestRunner.Outcome> cases = suite.getValue();
        long failed = cases.stream().filter(o -> !o.passed()).count();
        double time = cases.stream().mapToLong(RuleTestRunner.Outcome::nanos).sum() / 1e9;
        w.write(
            "  <testsuite name=\""
                + esc(suite.getKey())
                + "\" tests=\""
                + cases.size()
                + "\" failures=\""
                + failed
                + "\" errors=\"0\" time=\""
                + seconds(time)
                + "\">\n");
        for (RuleTestRunner.Outcome o : cases) {
          w.write(
              "    <testcase classname=\""
                  + esc(suite.getKey())
                  + "\" name=\""
                  + esc(o.test().name())
                  + "\" time=\""
                  + seconds(o.nanos() / 1e9)
                  + "\"");
          if (o.passed()) {
            w.write("/>\n");
          } else {
            w.write(
                ">\n      <failure message=\""
                    + esc(o.diff().get(0))
                    + "\">"
                    + esc(String.join("\n", o.diff()))
                    + "</failure>\n    </testcase>\n");
          }
        }
        w.write("  </testsuite>\n");
      }
      if (!problems.isEmpty()) {
        w.write(
            "  <testsuite name=\"test files\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
                + "    <testcase classname=\"test files\" name=\"read test files\">\n      <error message=\"invalid test files\">"
                + esc(String.join("\n", problems))
                + "</error>\n    </testcase>\n  </testsuite>\n");
      }
      w.write("</testsuites>\n");
    }
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  /** XML 1.0 text: the five escapes, and characters XML cannot carry replaced. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&':
          sb.append("&amp;");
          break;
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        case '\'':
          sb.append("&apos;");
          break;
        default:
          sb.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '?' : c);
      }
    }
    return sb.toString();
  }
}
