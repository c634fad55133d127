package io.falcocorrelator.ruletest;

import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.ActivityGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One test case of a rules test file (format: docs/writing-mappings.md, schema:
 * schemas/rules-test.schema.json), or one scenario of test-fixtures/ ({@code NAME.ndjson} + {@code
 * NAME.expected.json}).
 *
 * @param origin {@code file:line} of the case
 * @param inline alerts written in the test itself, or empty when they come from {@code alertsFile}
 * @param composites the composites expected, in emission order; empty when the case does not check
 *     them
 */
public record RuleTest(
    String name,
    String suite,
    String origin,
    List<FalcoAlert> inline,
    Optional<Path> alertsFile,
    Optional<List<ExpectedComposite>> composites,
    List<GroupExpectation> groups) {

  public RuleTest {
    inline = List.copyOf(inline);
    composites = composites.map(List::copyOf);
    groups = List.copyOf(groups);
  }

  /**
   * One expected composite: only the keys given are compared.
   *
   * @param caseRef the case's id or name
   * @param context expected context values by key (hostname, container_id, ...)
   * @param escalated null when not checked
   * @param related null when not checked
   */
  public record ExpectedComposite(
      String caseRef,
      String severity,
      Map<String, String> context,
      Boolean escalated,
      List<String> related) {}

  /** Groups the {@code alert}-th alert (1-based) must and must not evidence. */
  public record GroupExpectation(
      int alert, List<ActivityGroup> must, List<ActivityGroup> mustNot, String origin) {}
}
