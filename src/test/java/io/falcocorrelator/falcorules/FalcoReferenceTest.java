package io.falcocorrelator.falcorules;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.mapping.Mapping;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.yaml.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped mappings against the newest stock Falco rules ({@code ../shared/falco-reference/},
 * beside the repository in CI) plus the kit's rules and falco.yaml: only the findings accepted in
 * {@code .ci/falco-rules-baseline.txt} may appear, and a renamed rule is caught.
 */
class FalcoReferenceTest {
  private static Path reference;

  @BeforeAll
  static void findTheReferenceRules() {
    // The repository's sibling in CI; a git worktree one level deeper on a developer machine.
    Optional<Path> found =
        Stream.of(Path.of("..", "shared"), Path.of("..", "..", "shared"))
            .map(p -> p.resolve("falco-reference"))
            .filter(p -> Files.isRegularFile(p.resolve("falco_rules.yaml")))
            .findFirst();
    if (found.isEmpty()) {
      String message =
          "../shared/falco-reference/ (the stock Falco rules) is not beside the repository";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + ": CI must provide it");
      }
      Assumptions.abort(message + ": skipped outside CI");
    }
    reference = found.get();
  }

  private static FalcoRules load() {
    Problems problems = new Problems();
    FalcoRules falco =
        FalcoRules.load(
            List.of(
                reference.resolve("falco_rules.yaml"),
                reference.resolve("falco-incubating_rules.yaml"),
                reference.resolve("falco-sandbox_rules.yaml"),
                Path.of("falco-config", "container-escape-rules.yaml")),
            Optional.of(Path.of("falco-config", "falco.yaml")),
            problems);
    assertThat(problems.list()).isEmpty();
    return falco;
  }

  @Test
  void theShippedMappingsFindOnlyTheAcceptedFindings() throws Exception {
    FalcoRules falco = load();
    assertThat(falco.rules()).hasSizeGreaterThan(80);
    List<String> baseline =
        Files.readAllLines(Path.of(".ci", "falco-rules-baseline.txt")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    var classifier = RulesLoader.fromDirectory(Path.of("rules-yaml")).classifier();
    List<Mapping> entries = new java.util.ArrayList<>(classifier.mappings());
    entries.addAll(classifier.exceptions());
    List<String> found =
        new MappingCheck(falco).check(entries).stream().map(MappingCheck.Finding::key).toList();
    assertThat(found).containsExactlyInAnyOrderElementsOf(baseline);
  }

  @Test
  void aRuleRenamedUpstreamIsCaught(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("mappings.yaml"),
        Files.readString(Path.of("rules-yaml", "mappings.yaml"))
            .replace("rule: PTRACE attached to process", "rule: PTRACE attached to a process"));
    Files.copy(Path.of("rules-yaml", "cases.yaml"), dir.resolve("cases.yaml"));
    List<Mapping> mappings = RulesLoader.fromDirectory(dir).classifier().mappings();
    assertThat(new MappingCheck(load()).check(mappings))
        .extracting(MappingCheck.Finding::key)
        .contains(
            "ptrace-attach: rule \"PTRACE attached to a process\" is not defined in the Falco rules given"
                + " (did you mean \"PTRACE attached to process\"?)");
  }
}
