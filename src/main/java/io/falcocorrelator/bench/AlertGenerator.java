package io.falcocorrelator.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Deterministic stream of realistic Falco alerts (Falco's json_output shape: sorted keys, 9-digit
 * times, typed output_fields, suggested-output tail) across many containers: mostly the stock rules
 * that make up real-world volume, with a share of escape-related rules. Used by the {@code bench}
 * command and by load tests; the same seed always yields the same stream.
 */
public final class AlertGenerator {
  /** rule, priority, tags, process, command line, file (or null), upper layer. */
  private static final String[][] NOISE = {
    {
      "Terminal shell in container",
      "Notice",
      "\"T1059\",\"container\",\"maturity_stable\",\"mitre_execution\",\"shell\"",
      "bash",
      "bash -il",
      null,
      "false"
    },
    {
      "Read sensitive file untrusted",
      "Warning",
      "\"T1555\",\"filesystem\",\"host\",\"maturity_stable\",\"mitre_credential_access\"",
      "cat",
      "cat /etc/shadow",
      "/etc/shadow",
      "false"
    },
    {
      "Launch Package Management Process in Container",
      "Error",
      "\"T1505\",\"container\",\"maturity_incubating\",\"mitre_persistence\",\"process\",\"software_mgmt\"",
      "apt-get",
      "apt-get install -y curl",
      null,
      "false"
    },
    {
      "Contact K8S API Server From Container",
      "Notice",
      "\"T1565\",\"container\",\"k8s\",\"maturity_stable\",\"mitre_discovery\",\"network\"",
      "java",
      "java -jar /app/service.jar",
      null,
      "false"
    },
    {
      "Launch Ingress Remote File Copy Tools in Container",
      "Notice",
      "\"TA0011\",\"container\",\"maturity_incubating\",\"mitre_command_and_control\",\"network\",\"process\"",
      "wget",
      "wget http://example.com/x.tgz",
      null,
      "false"
    },
  };

  private static final String[][] ESCAPE = {
    {
      "Container Environment Enumeration by Upper Layer Process",
      "Warning",
      "\"T1613\",\"container\",\"filesystem\",\"mitre_discovery\",\"process\"",
      "deepce",
      "/tmp/deepce --no-colors",
      "/proc/1/cgroup",
      "true"
    },
    {
      "Drop and execute new binary in container",
      "Critical",
      "\"PCI_DSS_11.5.1\",\"TA0003\",\"container\",\"maturity_stable\",\"mitre_persistence\",\"process\"",
      "deepce",
      "/tmp/deepce --no-colors",
      null,
      "true"
    },
    {
      "Linux Kernel Module Injection Detected",
      "Warning",
      "\"TA0003\",\"container\",\"host\",\"maturity_stable\",\"mitre_persistence\",\"process\"",
      "insmod",
      "insmod /tmp/rootkit.ko",
      null,
      "true"
    },
    {
      "Change thread namespace",
      "Notice",
      "\"T1611\",\"container\",\"host\",\"maturity_incubating\",\"mitre_privilege_escalation\",\"process\"",
      "nsenter",
      "nsenter -t 1 -m -u -i -n sh",
      null,
      "false"
    },
    {
      "PTRACE attached to process",
      "Warning",
      "\"T1055.008\",\"container\",\"host\",\"maturity_stable\",\"mitre_privilege_escalation\",\"process\"",
      "inject",
      "/tmp/inject 1",
      null,
      "true"
    },
  };

  private final SplittableRandom random;
  private final int containers;
  private final int hosts;
  private final double escapeShare;
  private long timeNanos;
  private final long stepNanos;

  public AlertGenerator(
      long seed, int containers, int hosts, double escapeShare, Instant start, long stepNanos) {
    this.random = new SplittableRandom(seed);
    this.containers = containers;
    this.hosts = hosts;
    this.escapeShare = escapeShare;
    this.timeNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    this.stepNanos = stepNanos;
  }

  /** The next alert as Falco's compact JSON, UTF-8. */
  public byte[] next() {
    return nextJson().getBytes(StandardCharsets.UTF_8);
  }

  public String nextJson() {
    timeNanos += 1 + random.nextLong(stepNanos * 2);
    int c = random.nextInt(containers);
    String[] r =
        random.nextDouble() < escapeShare
            ? ESCAPE[random.nextInt(ESCAPE.length)]
            : NOISE[random.nextInt(NOISE.length)];
    String host = "ip-10-42-" + (c % hosts) + "-17.eu-central-1.compute.internal";
    String id = String.format("%012x", 0x3c9a1f4b2d00L + c);
    String name = "app-" + (c % 97);
    String pod = name + "-5d8f7c9b4-" + Integer.toString(c, 36);
    String ns = "team-" + (c % 13);
    int pid = 1000 + random.nextInt(60000);
    String time = formatTime(timeNanos);
    String file = r[5];
    StringBuilder sb = new StringBuilder(1100);
    sb.append("{\"hostname\":\"")
        .append(host)
        .append("\",\"output\":\"")
        .append(time, 11, 29)
        .append(": ")
        .append(r[1])
        .append(' ')
        .append(r[0])
        .append(" | ")
        .append(file == null ? "" : "file=" + file + " ")
        .append("evt_type=execve user=root user_uid=0 user_loginuid=-1 process=")
        .append(r[3])
        .append(" proc_exepath=/usr/bin/")
        .append(r[3])
        .append(" parent=bash command=")
        .append(r[4])
        .append(" terminal=34816 container_id=")
        .append(id)
        .append(" container_name=")
        .append(name)
        .append(" container_image_repository=ghcr.io/acme/")
        .append(name)
        .append(" container_image_tag=2.3.1 k8s_pod_name=")
        .append(pod)
        .append(" k8s_ns_name=")
        .append(ns)
        .append("\",\"output_fields\":{")
        .append("\"container.id\":\"")
        .append(id)
        .append("\",\"container.image.repository\":\"ghcr.io/acme/")
        .append(name)
        .append("\",\"container.image.tag\":\"2.3.1\",\"container.name\":\"")
        .append(name)
        .append("\",\"container.privileged\":")
        .append(c % 50 == 0)
        .append(",\"evt.time\":")
        .append(timeNanos)
        .append(",\"evt.type\":\"execve\"");
    if (file != null) {
      sb.append(",\"fd.name\":\"").append(file).append('"');
    }
    sb.append(",\"k8s.ns.name\":\"")
        .append(ns)
        .append("\",\"k8s.pod.name\":\"")
        .append(pod)
        .append("\",\"proc.cmdline\":\"")
        .append(r[4])
        .append("\",\"proc.exepath\":\"/usr/bin/")
        .append(r[3])
        .append("\",\"proc.is_exe_upper_layer\":")
        .append(r[6])
        .append(",\"proc.name\":\"")
        .append(r[3])
        .append("\",\"proc.pid\":")
        .append(pid)
        .append(",\"proc.pname\":\"bash\",\"proc.tty\":34816,\"user.loginuid\":-1,")
        .append("\"user.name\":\"root\",\"user.uid\":0},\"priority\":\"")
        .append(r[1])
        .append("\",\"rule\":\"")
        .append(r[0])
        .append("\",\"source\":\"syscall\",\"tags\":[")
        .append(r[2])
        .append("],\"time\":\"")
        .append(time)
        .append("\"}");
    return sb.toString();
  }

  /** {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}, as Falco writes it. */
  static String formatTime(long nanos) {
    Instant t =
        Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    String s = t.toString();
    int dot = s.indexOf('.');
    String base = dot < 0 ? s.substring(0, s.length() - 1) : s.substring(0, dot);
    return base + String.format(".%09dZ", t.getNano());
  }
}
