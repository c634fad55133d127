package io.falcocorrelator.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of the journal: every request answered once, with its own sequence numbers; none
 * lost at shutdown.
 */
class JournalWriterTest {
  @Test
  void concurrentSubmissionsGetDistinctContiguousSequenceNumbers(@TempDir Path dir)
      throws Exception {
    try (DurableState store = DurableState.open(dir, false, w -> {})) {
      JournalWriter writer = new JournalWriter(store.journal());
      writer.start();
      int threads = 8;
      int perThread = 200;
      Set<Long> seqs = ConcurrentHashMap.newKeySet();
      CountDownLatch answered = new CountDownLatch(threads * perThread);
      AtomicInteger failures = new AtomicInteger();
      List<Thread> submitters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread th =
            new Thread(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    // Two entries per request: a request's numbers are consecutive.
                    writer.submit(
                        List.of(
                            "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                            "{\"a\":2}".getBytes(StandardCharsets.UTF_8)),
                        new JournalWriter.Done() {
                          @Override
                          public void journaled(long firstSeq) {
                            seqs.add(firstSeq);
                            seqs.add(firstSeq + 1);
                            answered.countDown();
                          }

                          @Override
                          public void failed() {
                            failures.incrementAndGet();
                            answered.countDown();
                          }
                        });
                  }
                });
        submitters.add(th);
        th.start();
      }
      for (Thread th : submitters) {
        th.join();
      }
      assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
      writer.close();
      assertThat(failures).hasValue(0);
      assertThat(seqs).hasSize(threads * perThread * 2);
      assertThat(store.journal().pending()).hasSize(threads * perThread * 2);
      // After close, a submission fails instead of hanging.
      CompletableFuture<Boolean> late = new CompletableFuture<>();
      writer.submit(
          List.of(new byte[] {'{', '}'}),
          new JournalWriter.Done() {
            @Override
            public void journaled(long firstSeq) {
              late.complete(true);
            }

            @Override
            public void failed() {
              late.complete(false);
            }
          });
      writer.close();
      assertThat(late.get(5, TimeUnit.SECONDS)).isFalse();
    }
  }

  @Test
  void concurrentRequestsWithFsyncAreAllAnsweredAndCorrelated(@TempDir Path dir) throws Exception {
    ServerConfig d = ServerConfig.defaults();
    ServerConfig config =
        new ServerConfig(
            d.listen(),
            d.tls(),
            d.auth(),
            d.limits(),
            d.rules(),
            d.api(),
            d.outputs(),
            Optional.empty(),
            new ServerConfig.State(Optional.of(dir.resolve("state")), true));
    List<String> attack =
        Files.readAllLines(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson"));
    List<String> noise = Files.readAllLines(Path.of("test-fixtures/scenarios/benign-noise.ndjson"));
    try (TestServer s = new TestServer(config)) {
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (String alert : attack) {
        answers.add(
            s.client.sendAsync(
                s.post("/", alert, "application/json").build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (String alert : noise.subList(0, Math.min(60, noise.size()))) {
        answers.add(
            s.client.sendAsync(
                s.post("/", alert, "application/json").build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> a : answers) {
        assertThat(a.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      Await.until("the composite", Duration.ofSeconds(10), () -> !s.composites.isEmpty());
      assertThat(s.composites)
          .extracting(c -> c.caseName())
          .containsExactly("Kernel Module Container Escape");
    }
    // Everything answered 200 was applied: the journal is empty, the context is stored.
    try (DurableState store = DurableState.open(dir.resolve("state"), false, w -> {})) {
      assertThat(store.journal().pending()).isEmpty();
      assertThat(store.contexts().index(w -> {}))
          .extracting(c -> c.key().containerId())
          .contains("7c3e9a1f4b2d");
    }
  }
}
