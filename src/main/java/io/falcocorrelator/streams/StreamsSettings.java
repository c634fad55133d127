package io.falcocorrelator.streams;

import io.falcocorrelator.config.ConfigFile;
import io.falcocorrelator.config.YamlConfigValues;
import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.YamlNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The {@code streams --config FILE} settings: where alerts come from and composites go, the
 * processing guarantee, and the rules. Kafka client and Streams properties not named here go in
 * {@code kafka.properties}.
 */
public record StreamsSettings(
    String bootstrapServers,
    String applicationId,
    String inputTopic,
    String outputTopic,
    Optional<String> deadLetterTopic,
    String processingGuarantee,
    int streamThreads,
    Optional<Path> stateDir,
    Map<String, String> properties,
    Optional<Path> rulesDir,
    PayloadFormat outputFormat) {

  static final List<String> TOP = List.of("kafka", "rules");
  static final List<String> KAFKA =
      List.of(
          "bootstrap_servers",
          "application_id",
          "input_topic",
          "output_topic",
          "dead_letter_topic",
          "processing_guarantee",
          "num_stream_threads",
          "state_dir",
          "properties",
          "output_format");

  public StreamsSettings {
    properties = Map.copyOf(properties);
  }

  /** Settings whose composite topic carries the native composite JSON. */
  public StreamsSettings(
      String bootstrapServers,
      String applicationId,
      String inputTopic,
      String outputTopic,
      Optional<String> deadLetterTopic,
      String processingGuarantee,
      int streamThreads,
      Optional<Path> stateDir,
      Map<String, String> properties,
      Optional<Path> rulesDir) {
    this(
        bootstrapServers,
        applicationId,
        inputTopic,
        outputTopic,
        deadLetterTopic,
        processingGuarantee,
        streamThreads,
        stateDir,
        properties,
        rulesDir,
        Formats.NATIVE);
  }

  public static StreamsSettings load(Path file, Function<String, String> env) {
    ConfigFile config = ConfigFile.read(file, env);
    Problems problems = config.problems();
    YamlConfigValues values = config.values();
    YamlNode root = config.requireRoot(file, "a kafka section");
    Map<String, YamlNode> top = root.entries(problems, TOP);
    YamlNode kafkaNode = top.get("kafka");
    if (kafkaNode == null) {
      problems.add(root, "missing required key \"kafka\"");
      problems.throwIfAny();
    }
    Map<String, YamlNode> k = kafkaNode.entries(problems, KAFKA);
    String bootstrap = values.required(k, kafkaNode, "bootstrap_servers").orElse("");
    String appId = values.text(k.get("application_id"), "falco-correlator");
    String input = values.text(k.get("input_topic"), "falco-alerts");
    String output = values.text(k.get("output_topic"), "falco-composites");
    Optional<String> dlq = Optional.ofNullable(k.get("dead_letter_topic")).flatMap(values::text);
    String guarantee = values.text(k.get("processing_guarantee"), "at_least_once");
    if (!guarantee.equals("at_least_once") && !guarantee.equals("exactly_once_v2")) {
      problems.add(k.get("processing_guarantee"), "expected at_least_once or exactly_once_v2");
    }
    int threads = (int) values.integer(k.get("num_stream_threads"), 1, 64, 1);
    Map<String, String> props = new LinkedHashMap<>();
    if (k.containsKey("properties")) {
      k.get("properties")
          .freeEntries(problems)
          .forEach((name, v) -> values.text(v).ifPresent(t -> props.put(name, t)));
    }
    Optional<Path> rules = Optional.empty();
    if (top.containsKey("rules")) {
      Map<String, YamlNode> r = top.get("rules").entries(problems, List.of("dir"));
      rules = values.path(r.get("dir"));
    }
    // The composite topic's format: native (what forward and the incidents store read), ocsf or
    // ecs.
    Map<String, YamlNode> formatKey =
        k.containsKey("output_format") ? Map.of(Formats.KEY, k.get("output_format")) : Map.of();
    PayloadFormat format = Formats.parse(formatKey, values, Formats.NATIVE);
    problems.throwIfAny();
    return new StreamsSettings(
        bootstrap,
        appId,
        input,
        output,
        dlq,
        guarantee,
        threads,
        values.path(k.get("state_dir")),
        props,
        rules,
        format);
  }

  /** The Kafka Streams properties. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("application.id", applicationId);
    p.put("processing.guarantee", processingGuarantee);
    p.put("num.stream.threads", Integer.toString(streamThreads));
    stateDir.ifPresent(d -> p.put("state.dir", d.toString()));
    p.put(
        "deserialization.exception.handler",
        "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
    p.putAll(properties);
    return p;
  }
}
