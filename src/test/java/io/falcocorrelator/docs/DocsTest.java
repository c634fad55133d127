package io.falcocorrelator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.cli.Main;
import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.streams.ForwardSettings;
import io.falcocorrelator.streams.StreamsSettings;
import io.falcocorrelator.yaml.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every YAML block in the docs is well-formed, every rules example loads together with the shipped
 * rules, and the commands the README shows run.
 */
class DocsTest {
  private static final Pattern BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  static List<String> yamlBlocks(Path doc) throws Exception {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(Files.readString(doc));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyYamlBlockIsWellFormed() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> docs =
        Stream.concat(Files.list(Path.of("docs")), Stream.of(Path.of("README.md")))) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        List<String> blocks = yamlBlocks(doc);
        for (int i = 0; i < blocks.size(); i++) {
          String block = blocks.get(i);
          tests.add(
              DynamicTest.dynamicTest(
                  doc + " yaml block " + (i + 1),
                  () ->
                      new Yaml(new SafeConstructor(new LoaderOptions()))
                          .loadAll(block)
                          .forEach(d -> {})));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(8);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyRulesExampleLoadsWithTheShippedRules(@TempDir Path dir)
      throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    List<String> blocks = yamlBlocks(Path.of("docs/mappings.md"));
    for (int i = 0; i < blocks.size(); i++) {
      String block = blocks.get(i);
      if (!block.matches("(?s)^(mappings|exceptions|cases|settings):.*")) {
        continue;
      }
      int n = i + 1;
      tests.add(
          DynamicTest.dynamicTest(
              "docs/mappings.md rules block " + n,
              () -> {
                Path rules = Files.createDirectories(dir.resolve("block" + n));
                Files.copy(Path.of("rules-yaml/mappings.yaml"), rules.resolve("mappings.yaml"));
                String cases = Files.readString(Path.of("rules-yaml/cases.yaml"));
                if (block.startsWith("settings:")) {
                  cases = cases.substring(0, cases.indexOf("\nsettings:"));
                }
                Files.writeString(rules.resolve("cases.yaml"), cases);
                Files.writeString(rules.resolve("zz-doc.yaml"), block);
                assertThat(RulesLoader.fromDirectory(rules).toString()).contains("mappings");
              }));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(6);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyOutputsExampleLoadsAsServeConfig(@TempDir Path dir) throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    List<String> blocks = yamlBlocks(Path.of("docs/outputs.md"));
    for (int i = 0; i < blocks.size(); i++) {
      String block = blocks.get(i);
      int n = i + 1;
      tests.add(
          DynamicTest.dynamicTest(
              "docs/outputs.md block " + n,
              () -> {
                Path f = dir.resolve("outputs-" + n + ".yaml");
                Files.writeString(f, block);
                var config =
                    io.falcocorrelator.config.ServerConfigLoader.load(
                        f, name -> "https://placeholder.example/" + name);
                assertThat(config.outputs().routes()).isNotEmpty();
              }));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(7);
    return tests.stream();
  }

  @Test
  void theReadmeQuickstartReplayRunsAndPrintsWhatTheReadmeShows() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m =
        Pattern.compile("java -jar target/falco-correlator.jar (replay [^\\n`]+)").matcher(readme);
    assertThat(m.find()).isTrue();
    String[] args = m.group(1).trim().split("\\s+");
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      assertThat(Main.run(args)).isZero();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains("\"case\":\"Kernel Module Container Escape\"");
    String summary =
        readme.substring(
            readme.indexOf("alerts read:"),
            readme.indexOf("kernel_module_container_escape Critical: 1"));
    for (String line : summary.split("\n")) {
      assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(line.trim());
    }
  }

  /** What the shipped configs' ${...} placeholders stand for in these tests. */
  private static final Map<String, String> ENV =
      Map.of(
          "FALCO_CORRELATOR_PASSWORD",
          "s3cret",
          "FALCO_CORRELATOR_TOKEN",
          "t0ken",
          "KAFKA_BOOTSTRAP_SERVERS",
          "kafka-1:9092",
          "SLACK_WEBHOOK_URL",
          "https://hooks.slack.example/T/B/X");

  @Test
  void theShippedServeConfigLoadsWithTheValuesItShows() throws Exception {
    assertThat(Files.readString(Path.of("docs/http-api.md")))
        .contains("config/falco-correlator.yaml");
    ServerConfig c = ServerConfigLoader.load(Path.of("config/falco-correlator.yaml"), ENV::get);
    assertThat(c.listen().host()).isEqualTo("0.0.0.0");
    assertThat(c.listen().port()).isEqualTo(2804);
    assertThat(c.tls()).isEmpty();
    assertThat(c.auth().basicUser()).contains("falco");
    assertThat(c.auth().basicPassword().reveal()).isEqualTo("s3cret");
    assertThat(c.auth().bearerTokens()).extracting(Secret::reveal).containsExactly("t0ken");
    assertThat(c.auth().protectApi()).isTrue();
    assertThat(c.auth().protectMetrics()).isFalse();
    assertThat(c.limits())
        .isEqualTo(new ServerConfig.Limits(1_048_576, 512, 100_000, Duration.ofSeconds(20)));
    assertThat(c.rules()).isEqualTo(new ServerConfig.Rules(Optional.empty(), true));
    assertThat(c.api().compositesKept()).isEqualTo(1000);
    assertThat(c.outputs().routes()).as("outputs are commented out").isEmpty();
    assertThat(c.state().dir()).as("in memory unless state.dir is set").isEmpty();
    assertThat(c.kafkaIngest()).isEmpty();
  }

  @Test
  void theShippedStreamsAndForwardConfigsLoadWithTheValuesTheyShow() throws Exception {
    StreamsSettings streams = StreamsSettings.load(Path.of("config/streams.yaml"), ENV::get);
    assertThat(streams.bootstrapServers()).isEqualTo("kafka-1:9092");
    assertThat(streams.applicationId()).isEqualTo("falco-correlator");
    assertThat(streams.inputTopic()).isEqualTo("falco-alerts");
    assertThat(streams.outputTopic()).isEqualTo("falco-composites");
    assertThat(streams.deadLetterTopic()).contains("falco-alerts-invalid");
    assertThat(streams.processingGuarantee()).isEqualTo("exactly_once_v2");
    assertThat(streams.streamThreads()).isEqualTo(1);
    assertThat(streams.stateDir()).contains(Path.of("/var/lib/falco-correlator/streams"));
    assertThat(streams.properties())
        .containsEntry("commit.interval.ms", "1000")
        .containsEntry("num.standby.replicas", "1");
    assertThat(streams.rulesDir()).contains(Path.of("/etc/falco-correlator/rules"));
    ForwardSettings forward = ForwardSettings.load(Path.of("config/forward.yaml"), ENV::get);
    assertThat(forward)
        .isEqualTo(
            new ForwardSettings("kafka-1:9092", "falco-composites", "falco-correlator-forward"));
  }
}
