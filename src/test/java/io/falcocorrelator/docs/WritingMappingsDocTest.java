package io.falcocorrelator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/writing-mappings.md's files do what the tutorial shows, and its outputs are the commands'
 * own.
 */
class WritingMappingsDocTest {
  private static final Path EXAMPLES = Path.of("docs", "examples", "writing-mappings");

  private static String run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      PrintStream both = new PrintStream(buffer, true, StandardCharsets.UTF_8);
      System.setOut(both);
      System.setErr(both);
      int code = Main.run(args);
      return buffer.toString(StandardCharsets.UTF_8) + "exit " + code;
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void theTutorialsMappingExplainsTestsAndValidatesAsShown(@TempDir Path dir) throws Exception {
    Path rules = Files.createDirectory(dir.resolve("my-rules"));
    try (Stream<Path> shipped = Files.list(Path.of("rules-yaml"))) {
      for (Path f : shipped.toList()) {
        Files.copy(f, rules.resolve(f.getFileName()));
      }
    }
    Files.copy(EXAMPLES.resolve("zz-acme.yaml"), rules.resolve("zz-acme.yaml"));
    String doc = Files.readString(Path.of("docs", "writing-mappings.md"));

    String validate = run("validate", "--rules", rules.toString());
    assertThat(validate).endsWith("exit 0");
    assertThat(doc)
        .contains(validate.lines().findFirst().orElseThrow().replace(rules.toString(), "my-rules"));

    String explain =
        run(
            "explain",
            "--rules",
            rules.toString(),
            EXAMPLES.resolve("acme-alerts.ndjson").toString());
    assertThat(explain).endsWith("exit 0");
    for (String line :
        explain
            .lines()
            .filter(
                l -> l.contains("near miss") || l.contains("FAIL") || l.contains("matched acme"))
            .toList()) {
      assertThat(doc).as("explain output in the doc").contains(line);
    }

    String test =
        run("test", "--rules", rules.toString(), EXAMPLES.resolve("acme-tests.yaml").toString());
    assertThat(test).contains("2 passed, 0 failed").endsWith("exit 0");
    assertThat(run("test", EXAMPLES.resolve("acme-tests.yaml").toString()))
        .contains("1 passed, 1 failed")
        .endsWith("exit 1");

    String falco =
        run(
            "validate",
            "--rules",
            rules.toString(),
            "--falco-rules",
            Path.of("falco-config", "container-escape-rules.yaml").toString(),
            "--falco-rules",
            EXAMPLES.resolve("acme_rules.yaml").toString());
    assertThat(falco).doesNotContain("acme-nsenter-host-init");
  }
}
