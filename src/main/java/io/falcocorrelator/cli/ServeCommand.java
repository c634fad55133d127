package io.falcocorrelator.cli;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.server.EmbeddedServer;
import io.falcocorrelator.yaml.RulesException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve [--config FILE] [--port N] [--rules DIR]}: the HTTP receiver on embedded defaults
 * (port 2804, default rules) unless told otherwise. SIGHUP reloads the rules; SIGTERM/SIGINT stop
 * gracefully (drain, flush) and exit 0.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run the HTTP receiver that Falco's http_output and Falcosidekick's webhook post to.")
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML config file (see config/falco-correlator.yaml).")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Listen port (default 2804; overrides the config file).")
  Integer port;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Rules directory (overrides the config file; default: embedded rules).")
  Path rules;

  @Override
  public Integer call() throws Exception {
    ServerConfig cfg;
    try {
      cfg = config == null ? ServerConfig.defaults() : ServerConfigLoader.load(config);
      if (port != null) {
        cfg = cfg.withPort(port);
      }
      if (rules != null) {
        cfg = cfg.withRulesDir(rules);
      }
    } catch (RulesException e) {
      return ProblemReport.print("configuration", e);
    }
    EmbeddedServer server;
    try {
      server = new EmbeddedServer(cfg, Clock.systemUTC(), c -> {});
    } catch (RulesException e) {
      return ProblemReport.print("rules", e);
    }
    server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop =
        () -> {
          server.close();
          stopped.countDown();
        };
    Shutdown.onStop(stop);
    Shutdown.onReload(() -> server.reloader().reload("SIGHUP"));
    stopped.await();
    return 0;
  }
}
