package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Malformed, oversized, deeply nested and wrongly typed bodies interleaved with 50 real attacks
 * (each in its own container), sent from 4 threads: the server stays up, its memory stays bounded,
 * and every valid alert is correlated.
 */
class FaultFloodTest {
  static final int ATTACKS = 50;

  @Test
  void survivesAFloodAndCorrelatesEveryValidAlert() throws Exception {
    List<String> attack =
        Files.readAllLines(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson"));
    String oversized = "[" + (attack.get(0) + ",").repeat(1500) + attack.get(0) + "]";
    String deep = "{\"rule\":\"R\",\"output_fields\":" + "[".repeat(200_000) + "}";
    String[] junk = {
      "{",
      "null",
      "[1,2,3]",
      "{\"rule\":\"R\",\"priority\":\"Notice\"}",
      "\u0000\u0001garbage",
      oversized,
      deep,
      "{\"rule\":7,\"priority\":[],\"time\":{}}",
      "{\"rule\":\"" + "A".repeat(300_000) + "\"}"
    };
    assertThat(oversized.length()).isGreaterThan(ServerConfig.Limits.defaults().maxBodyBytes());
    // Bodies are encoded once and shared: the test must not be what runs out of memory.
    List<byte[]> junkBytes = new ArrayList<>();
    for (String j : junk) {
      junkBytes.add(j.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    List<java.util.function.Supplier<HttpRequest>> requests = new ArrayList<>();
    int valid = 0;
    try (TestServer s =
        new TestServer(
            TestServer.config(
                ServerConfig.Auth.none(), ServerConfig.Limits.defaults(), Optional.empty()))) {
      for (int a = 0; a < ATTACKS; a++) {
        String type = a % 2 == 0 ? "application/json" : "text/plain";
        for (String line : attack) {
          String alert = line.replace("7c3e9a1f4b2d", String.format("%012x", a));
          requests.add(() -> s.post("/", alert, "application/json").build());
          valid++;
          for (byte[] j : junkBytes) {
            requests.add(
                () ->
                    HttpRequest.newBuilder(s.uri("/"))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(j))
                        .build());
          }
        }
      }
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger serverErrors = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = offset; i < requests.size(); i += 4) {
                    try {
                      HttpResponse<String> r = s.send(requests.get(i).get());
                      if (r.statusCode() == 200) {
                        accepted.addAndGet(TestServer.json(r).path("accepted").asInt());
                      } else if (r.statusCode() >= 500) {
                        serverErrors.incrementAndGet();
                      }
                    } catch (Exception e) {
                      // A reset connection after a 413 is the client's problem, not the server's.
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      s.awaitDrained();
      assertThat(serverErrors.get()).isZero();
      assertThat(accepted.get()).isEqualTo(valid);
      assertThat(s.composites).hasSize(ATTACKS);
      assertThat(s.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(s.get("/readyz").statusCode()).isEqualTo(200);
      System.gc();
      long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      assertThat(used).as("heap in use after the flood").isLessThan(400L << 20);
    }
  }
}
