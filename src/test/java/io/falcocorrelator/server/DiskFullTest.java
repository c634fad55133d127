package io.falcocorrelator.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real full disk: the state directory is on a 64 MiB tmpfs that the test fills. Alerts that would
 * need a journal write are refused with 503 (never a 2xx for what cannot be made durable), alerts
 * that evidence nothing still get 200, and once space returns the server takes alerts again,
 * correlates them with the evidence stored before the outage, and keeps it across a restart.
 * Mounting needs root: without it the test is skipped locally with that reason (in CI, which runs
 * as root, it fails instead).
 */
class DiskFullTest {
  private static final String HOST = "ip-10-42-17-203.eu-central-1.compute.internal";
  private static final String CONTAINER = "7c3e9a1f4b2d";
  @TempDir Path dir;
  Path disk;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    disk = Files.createDirectory(dir.resolve("disk"));
    boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString()) == 0;
    if (!mounted && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("cannot mount a tmpfs: CI must run the tests as root");
    }
    Assumptions.assumeTrue(mounted, "mounting a tmpfs needs root; CI runs this test");
  }

  @AfterEach
  void unmount() throws Exception {
    if (disk != null && run("umount", disk.toString()) != 0) {
      run("umount", "-l", disk.toString());
    }
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  private ServerConfig config() {
    ServerConfig d = ServerConfig.defaults();
    return new ServerConfig(
        d.listen(),
        d.tls(),
        d.auth(),
        d.limits(),
        d.rules(),
        d.api(),
        d.outputs(),
        Optional.empty(),
        new ServerConfig.State(Optional.of(disk.resolve("state")), false));
  }

  private static boolean quietly(java.util.concurrent.Callable<Boolean> check) {
    try {
      return check.call();
    } catch (Exception e) {
      return false;
    }
  }

  /** Writes a file until the disk is full, to the last page. */
  private static void fill(Path filler) throws IOException {
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int chunk : new int[] {1 << 20, 4096, 512}) {
        byte[] b = new byte[chunk];
        try {
          while (true) {
            out.write(b);
            out.flush();
          }
        } catch (IOException full) {
          // next, smaller chunk
        }
      }
    } catch (IOException closing) {
      // closing a file on a full disk may fail too; it is full either way
    }
  }

  @Test
  void refusesWhatItCannotMakeDurableAndRecoversWhenSpaceReturns() throws Exception {
    List<String> attack =
        Files.readAllLines(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson"));
    String shell = attack.get(0);
    String insmod = attack.get(attack.size() - 1);
    Path filler = disk.resolve("filler");
    try (TestServer s = new TestServer(config())) {
      for (String alert : attack.subList(0, attack.size() - 1)) {
        assertThat(s.postAsFalco(alert).statusCode()).isEqualTo(200);
      }
      Await.until(
          "the enumeration evidence stored",
          Duration.ofSeconds(10),
          () ->
              quietly(
                  () ->
                      s.get("/api/v1/contexts/" + HOST + "/" + CONTAINER)
                          .body()
                          .contains("enumeration")));

      fill(filler);
      // The journal's last page may still take an alert or two (each then durable, and answered
      // 200); once the log must grow, the alert is refused.
      HttpResponse<String> refused = null;
      for (int i = 0; i < 50 && refused == null; i++) {
        HttpResponse<String> r = s.postAsFalco(insmod);
        if (r.statusCode() == 503) {
          refused = r;
        } else {
          assertThat(r.statusCode()).isEqualTo(200);
        }
      }
      assertThat(refused).as("a 503 once the journal cannot grow").isNotNull();
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(s.postAsFalco(shell).statusCode())
          .as("evidences nothing: needs no journal write")
          .isEqualTo(200);
      assertThat(s.get("/metrics").body())
          .containsPattern(
              "falco_correlator_alerts_rejected_total\\{reason=\"not_durable\"[^}]*} [1-9]");

      Files.delete(filler);
      // A client that retries (Falcosidekick; Falco only on timeouts) gets a 2xx once the store is
      // writable again.
      Await.until(
          "the alert accepted again",
          Duration.ofSeconds(20),
          () -> quietly(() -> s.postAsFalco(insmod).statusCode() == 200));
      Await.until("the composite", Duration.ofSeconds(10), () -> !s.composites.isEmpty());
      assertThat(s.composites)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.caseName()).isEqualTo("Kernel Module Container Escape");
                assertThat(c.evidence())
                    .extracting(e -> e.group().id())
                    .contains("enumeration", "kernel_module_escape");
              });
    }
    // What was correlated after the outage was stored too.
    try (TestServer s = new TestServer(config())) {
      JsonNode context =
          TestServer.MAPPER.readTree(s.get("/api/v1/contexts/" + HOST + "/" + CONTAINER).body());
      assertThat(context.path("fired").toString()).contains("kernel_module_container_escape");
    }
  }
}
