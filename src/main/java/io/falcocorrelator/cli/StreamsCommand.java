package io.falcocorrelator.cli;

import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.streams.CorrelatorTopology;
import io.falcocorrelator.streams.StreamsCounters;
import io.falcocorrelator.streams.StreamsSettings;
import io.falcocorrelator.yaml.RulesException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streams --config FILE}: the correlation core on Kafka Streams, reading Falco alerts from
 * the input topic and writing composites to the output topic (docs/scaling.md).
 */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description =
        "Run the correlator as a Kafka Streams application (input topic of Falco alerts, output topic of composites).")
final class StreamsCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "YAML with a kafka section (and optionally rules.dir).")
  Path config;

  @Override
  public Integer call() throws Exception {
    StreamsSettings settings;
    RuleSet rules;
    try {
      settings = StreamsSettings.load(config, System::getenv);
      rules = settings.rulesDir().map(RulesLoader::fromDirectory).orElseGet(RulesLoader::embedded);
    } catch (RulesException e) {
      return ProblemReport.print("configuration", e);
    }
    StreamsCounters counters = new StreamsCounters();
    KafkaStreams streams =
        new KafkaStreams(
            CorrelatorTopology.build(rules, settings, counters), settings.toProperties());
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop =
        () -> {
          streams.close(Duration.ofSeconds(30));
          stopped.countDown();
        };
    Shutdown.onStop(stop);
    streams.setUncaughtExceptionHandler(
        e -> {
          System.err.println("stream thread failed, replacing it: " + e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    // The counters (as serve's /metrics has them: outcomes, composites, removals by cause, invalid
    // records), logged once a minute when they changed.
    java.util.concurrent.ScheduledExecutorService reporter =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "streams-counters");
              t.setDaemon(true);
              return t;
            });
    String[] last = {""};
    reporter.scheduleAtFixedRate(
        () -> {
          String summary = counters.summary();
          if (!summary.equals(last[0])) {
            last[0] = summary;
            System.err.println("counters so far: " + summary);
          }
        },
        1,
        1,
        java.util.concurrent.TimeUnit.MINUTES);
    System.err.println(
        "falco-correlator streams "
            + settings.applicationId()
            + ": "
            + settings.inputTopic()
            + " -> "
            + settings.outputTopic()
            + " ("
            + settings.processingGuarantee()
            + ", "
            + rules
            + ")");
    stopped.await();
    return 0;
  }
}
