package io.falcocorrelator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar falco-correlator.jar <command>}: the entry point; each command is a thin shell.
 */
@Command(
    name = "falco-correlator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Correlates Falco alerts into multi-signal container escape detections.",
    subcommands = {
      ServeCommand.class,
      ReplayCommand.class,
      ValidateCommand.class,
      ExplainCommand.class,
      RulesTestCommand.class,
      BenchCommand.class,
      ResendCommand.class,
      StreamsCommand.class,
      ForwardCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Undertow and XNIO log through JBoss Logging: route it to the same SLF4J output.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"falco-correlator " + (v == null ? "dev" : v)};
    }
  }
}
