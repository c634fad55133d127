package io.falcocorrelator.cli;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.output.Dispatcher;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.Spool;
import io.falcocorrelator.streams.CompositeForwarder;
import io.falcocorrelator.streams.ForwardSettings;
import io.falcocorrelator.yaml.RulesException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code forward --config FILE}: delivers the composites of the Kafka composite topic through the
 * outputs (Slack, SIEMs) with the same routing, retries and spool as single-node mode. The file
 * holds a {@code forward:} section and the serve-style {@code outputs}, {@code spool} and {@code
 * delivery} sections.
 */
@Command(
    name = "forward",
    mixinStandardHelpOptions = true,
    description =
        "Deliver composites from the Kafka composite topic through the configured outputs.")
final class ForwardCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE")
  Path config;

  @Override
  public Integer call() throws Exception {
    ForwardSettings settings;
    ServerConfig outputs;
    try {
      settings = ForwardSettings.load(config, System::getenv);
      outputs = ServerConfigLoader.load(config, System::getenv, java.util.List.of("forward"));
    } catch (RulesException e) {
      return ProblemReport.print("configuration", e);
    }
    if (outputs.outputs().routes().isEmpty()) {
      System.err.println("invalid configuration: no outputs: nothing to forward to");
      return 1;
    }
    Metrics metrics = new Metrics();
    Dispatcher dispatcher =
        new Dispatcher(
            outputs.outputs().routes(),
            new SinkContext(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()),
            new Spool(outputs.outputs().spoolDir(), outputs.outputs().fsync()),
            outputs.outputs().retry(),
            metrics,
            Clock.systemUTC());
    dispatcher.start();
    CompositeForwarder forwarder = new CompositeForwarder(settings, dispatcher);
    Runnable stop = forwarder::close;
    Shutdown.onStop(stop);
    System.err.println(
        "falco-correlator forward: " + settings.topic() + " -> " + outputs.outputs().routes());
    forwarder.run();
    dispatcher.close(Duration.ofSeconds(20));
    return 0;
  }
}
