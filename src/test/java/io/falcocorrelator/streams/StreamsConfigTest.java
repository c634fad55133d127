package io.falcocorrelator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.support.ConfigProblems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsConfigTest {
  static final Map<String, String> ENV =
      Map.of(
          "KAFKA_BOOTSTRAP_SERVERS",
          "kafka:9092",
          "SLACK_WEBHOOK_URL",
          "https://hooks.slack.example/x");

  @Test
  void theShippedStreamsConfigLoads() {
    StreamsSettings s = StreamsSettings.load(Path.of("config/streams.yaml"), ENV::get);
    assertThat(s.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(s.processingGuarantee()).isEqualTo("exactly_once_v2");
    assertThat(s.deadLetterTopic()).contains("falco-alerts-invalid");
    var p = s.toProperties();
    assertThat(p.getProperty("application.id")).isEqualTo("falco-correlator");
    assertThat(p.getProperty("num.standby.replicas")).isEqualTo("1");
    assertThat(p.getProperty("deserialization.exception.handler"))
        .endsWith("LogAndContinueExceptionHandler");
  }

  @Test
  void theShippedForwardConfigLoads() {
    ForwardSettings f = ForwardSettings.load(Path.of("config/forward.yaml"), ENV::get);
    assertThat(f.topic()).isEqualTo("falco-composites");
    var outputs =
        ServerConfigLoader.load(Path.of("config/forward.yaml"), ENV::get, List.of("forward"));
    assertThat(outputs.outputs().routes()).extracting(r -> r.name()).containsExactly("slack");
  }

  @Test
  void readsTheCompositeTopicFormat(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, "kafka:\n  bootstrap_servers: kafka:9092\n  output_format: ocsf\n");
    assertThat(StreamsSettings.load(f, k -> null).outputFormat().name()).isEqualTo("ocsf");
    Files.writeString(f, "kafka:\n  bootstrap_servers: kafka:9092\n");
    assertThat(StreamsSettings.load(f, k -> null).outputFormat().name()).isEqualTo("native");
    Files.writeString(f, "kafka:\n  bootstrap_servers: kafka:9092\n  output_format: cef\n");
    assertThat(ConfigProblems.of(() -> StreamsSettings.load(f, k -> null)))
        .containsExactly(
            "s.yaml:3 kafka.output_format: unknown format \"cef\" (native, ocsf, ecs)");
  }

  @Test
  void reportsBadStreamsConfig(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(
        f, "kafka:\n  application_id: x\n  processing_guarantee: exactly_once\n  threads: 2\n");
    assertThat(ConfigProblems.of(() -> StreamsSettings.load(f, k -> null)))
        .containsExactly(
            "s.yaml:2 kafka: missing required key \"bootstrap_servers\"",
            "s.yaml:3 kafka.processing_guarantee: expected at_least_once or exactly_once_v2",
            "s.yaml:4 kafka.threads: unknown key \"threads\" (allowed: bootstrap_servers, application_id, input_topic, output_topic, dead_letter_topic, processing_guarantee, num_stream_threads, state_dir, properties, output_format)");
  }
}
