package io.falcocorrelator.live;

import io.falcocorrelator.support.Await;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Falco 0.40 live, configured the way docs/getting-started.md tells users: the package's
 * falco.yaml, the three stock rules files in /etc/falco, {@code
 * falco-config/container-escape-rules.yaml} in /etc/falco/rules.d and {@code
 * falco-config/falco.yaml} as /etc/falco/config.d/falco-correlator.yaml with only the documented
 * edit (the correlator's host and port in {@code http_output.url}; the password comes from
 * FALCO_CORRELATOR_PASSWORD as shipped). The host's /etc/falco is left alone: Falco runs in a
 * private mount namespace where that directory is bound over /etc/falco.
 */
final class LiveFalco implements AutoCloseable {
  static final Path KIT = Path.of("falco-config");
  static final String SHIPPED_URL_HOST = "falco-correlator.falco.svc:2804";
  static final Pattern BPF_FAILURE =
      Pattern.compile("(?i)bpf|libpman|probe|operation not permitted");
  private final BoundedProcess falco;

  private LiveFalco(BoundedProcess falco) {
    this.falco = falco;
  }

  /** Writes the /etc/falco tree for one pass under {@code work}. */
  static Path install(Path work, RuleMatching matching, URI correlator) throws Exception {
    Path etc = Files.createDirectories(work.resolve("etc-falco-" + matching.value));
    Files.copy(
        LivePrerequisites.SHARED.resolve("falco-0.40.0-default.yaml"),
        etc.resolve("falco.yaml"),
        StandardCopyOption.REPLACE_EXISTING);
    for (String rules :
        new String[] {
          "falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"
        }) {
      Files.copy(
          LivePrerequisites.SHARED.resolve("rules").resolve(rules),
          etc.resolve(rules),
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.copy(
        KIT.resolve("container-escape-rules.yaml"),
        Files.createDirectories(etc.resolve("rules.d")).resolve("container-escape-rules.yaml"),
        StandardCopyOption.REPLACE_EXISTING);
    String dropIn =
        replaceOnce(
            Files.readString(KIT.resolve("falco.yaml")),
            SHIPPED_URL_HOST,
            correlator.getHost() + ":" + correlator.getPort());
    if (matching == RuleMatching.FIRST) {
      dropIn = replaceOnce(dropIn, "\nrule_matching: all\n", "\nrule_matching: first\n");
    }
    Files.writeString(
        Files.createDirectories(etc.resolve("config.d")).resolve("falco-correlator.yaml"), dropIn);
    return etc;
  }

  static String replaceOnce(String text, String what, String with) {
    int at = text.indexOf(what);
    if (at < 0 || text.indexOf(what, at + 1) >= 0) {
      throw new IllegalStateException(
          "falco-config/falco.yaml no longer contains exactly one '" + what.strip() + "'");
    }
    return text.replace(what, with);
  }

  /**
   * Starts Falco on that tree (private mount namespace, modern eBPF) and waits until it reports an
   * alert for {@code ready}, which {@code trigger} provokes every second.
   */
  static LiveFalco start(
      Path etc, String password, Duration limit, Predicate<String> ready, Runnable trigger)
      throws Exception {
    Files.createDirectories(Path.of("/etc/falco"));
    BoundedProcess p =
        BoundedProcess.start(
            "falco",
            limit,
            Map.of("FALCO_CORRELATOR_PASSWORD", password),
            List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "--",
                "sh",
                "-c",
                "mount --bind \"$0\" /etc/falco && exec falco -o syslog_output.enabled=false -o log_syslog=false -o webserver.enabled=false",
                etc.toAbsolutePath().toString()));
    LiveFalco falco = new LiveFalco(p);
    try {
      falco.awaitAlert(
          "the start marker (Falco attached and posting)", ready, trigger, Duration.ofSeconds(60));
    } catch (AssertionError | RuntimeException e) {
      falco.close();
      if (!p.alive() && p.err.stream().anyMatch(l -> BPF_FAILURE.matcher(l).find())) {
        // Root but no BPF (a container, a locked-down kernel): the environment, not the kit.
        LivePrerequisites.unavailable(
            List.of(
                "BPF for Falco's modern eBPF probe: "
                    + String.join(
                        " | ", p.err.subList(Math.max(0, p.err.size() - 3), p.err.size()))));
      }
      throw e;
    }
    return falco;
  }

  /** Alert lines (JSON) printed so far. */
  List<String> alerts() {
    return falco.out.stream().filter(l -> l.startsWith("{")).toList();
  }

  /**
   * Waits until an alert line satisfies {@code what}, provoking it with {@code trigger} every
   * second.
   */
  void awaitAlert(String description, Predicate<String> what, Runnable trigger, Duration limit) {
    Await.until(
        "a Falco alert for " + description,
        limit,
        Duration.ofSeconds(1),
        () -> {
          if (alerts().stream().anyMatch(what)) {
            return true;
          }
          trigger.run();
          return false;
        },
        falco::alive,
        falco::transcript);
  }

  String transcript() {
    return falco.transcript();
  }

  @Override
  public void close() throws InterruptedException {
    falco.close();
  }
}
