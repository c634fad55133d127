package io.falcocorrelator.live;

import io.falcocorrelator.support.Await;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman for the live test: its API service (Falco's podman engine reads container names and images
 * from it, and only finds it if it is up before Falco starts) and scenario containers run with the
 * flags this VM needs (runc: crun refuses the hybrid cgroup layout; no network; ulimits within
 * root's limits here).
 */
final class Podman implements AutoCloseable {
  static final Path SOCKET = Path.of("/run/podman/podman.sock");
  static final List<String> RUN_FLAGS =
      List.of(
          "--rm",
          "--runtime",
          "runc",
          "--network",
          "none",
          "--ulimit",
          "nofile=1024:1024",
          "--ulimit",
          "nproc=4096:4096");
  private final BoundedProcess service;

  private Podman(BoundedProcess service) {
    this.service = service;
  }

  /** Uses a running API service, or starts one (stopped by PID on close). */
  static Podman startService(Duration limit) throws Exception {
    if (answers()) {
      return new Podman(null);
    }
    Files.createDirectories(SOCKET.getParent());
    BoundedProcess p =
        BoundedProcess.start(
            "podman-service",
            limit,
            Map.of(),
            List.of("podman", "system", "service", "--time=0", "unix://" + SOCKET));
    try {
      Await.until(
          "podman system service to listen on " + SOCKET,
          Duration.ofSeconds(20),
          Duration.ofMillis(100),
          Podman::answers,
          p::alive,
          p::transcript);
    } catch (AssertionError e) {
      p.close();
      throw e;
    }
    return new Podman(p);
  }

  private static boolean answers() {
    if (!Files.exists(SOCKET)) {
      return false;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return ch.connect(UnixDomainSocketAddress.of(SOCKET));
    } catch (Exception e) {
      return false;
    }
  }

  /** A finished scenario container: its short id (Falco's container.id) and what it printed. */
  record Ran(LiveScenario scenario, String containerId, BoundedProcess.Result result) {}

  /** Runs the scenario's script to its end (bounded) and removes the container. */
  static Ran run(LiveScenario s, Path work, long hostPid) throws Exception {
    Path cidFile = work.resolve(s.name() + "-" + System.nanoTime() + ".cid");
    List<String> cmd = new ArrayList<>(List.of("podman", "run"));
    cmd.addAll(RUN_FLAGS);
    cmd.addAll(
        List.of(
            "--cidfile",
            cidFile.toString(),
            "--env",
            "LIVE_HOST_PID=" + hostPid,
            "--name",
            "live-" + s.name() + "-" + Long.toHexString(System.nanoTime())));
    cmd.addAll(s.podmanArgs());
    cmd.addAll(List.of(LivePrerequisites.IMAGE, "bash", "-c", s.script()));
    BoundedProcess.Result r =
        BoundedProcess.run("podman run " + s.name(), Duration.ofSeconds(90), Map.of(), cmd);
    String id = Files.exists(cidFile) ? Files.readString(cidFile).strip() : "";
    if (r.exitCode() != 0 || id.length() < 12) {
      throw new AssertionError(
          "scenario container "
              + s.name()
              + " failed (exit "
              + r.exitCode()
              + ", cid '"
              + id
              + "'):\n"
              + r.stdout()
              + "\n"
              + r.stderr());
    }
    return new Ran(s, id.substring(0, 12), r);
  }

  @Override
  public void close() throws InterruptedException {
    if (service != null) {
      service.close();
    }
  }
}
