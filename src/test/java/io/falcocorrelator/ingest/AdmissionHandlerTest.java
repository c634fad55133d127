package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.support.Await;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admission handler on a real Undertow server, with a real HTTP client. */
class AdmissionHandlerTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final Metrics metrics = new Metrics();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> started = new ArrayList<>();
  private Undertow server;
  private AdmissionHandler admission;

  /**
   * Answers once {@link #release} opens, on a worker thread; records the order requests started.
   */
  private final HttpHandler slow =
      ex ->
          ex.dispatch(
              () -> {
                synchronized (started) {
                  started.add(ex.getQueryParameters().get("id").getFirst());
                }
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                ex.getResponseSender().send("ok");
              });

  private int start(int limit, int queueSize, HttpHandler next) {
    admission = new AdmissionHandler(limit, queueSize, metrics, next);
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setIoThreads(2)
            .setWorkerThreads(8)
            .setHandler(admission)
            .build();
    server.start();
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop();
    }
  }

  private CompletableFuture<HttpResponse<String>> get(int port, String id) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?id=" + id)).build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void await(String what, BooleanSupplier condition) {
    Await.until(what, Duration.ofSeconds(10), condition);
  }

  /** With a limit of one: request "a" running (held by {@link #slow}), then "b" waiting. */
  private List<CompletableFuture<HttpResponse<String>>> oneRunningOneWaiting(int port) {
    CompletableFuture<HttpResponse<String>> running = get(port, "a");
    await("the first request to run", () -> admission.running() == 1);
    CompletableFuture<HttpResponse<String>> waiting = get(port, "b");
    await("the second request to wait", () -> admission.waiting() == 1);
    return List.of(running, waiting);
  }

  @Test
  void runsUpToTheLimitQueuesTheNextAndRefusesPastTheQueue() throws Exception {
    int port = start(1, 1, slow);
    List<CompletableFuture<HttpResponse<String>>> held = oneRunningOneWaiting(port);

    HttpResponse<String> third = get(port, "c").get(10, TimeUnit.SECONDS);
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.headers().firstValue("Retry-After")).contains("1");
    assertThat(third.body()).contains("limits.max_concurrent_requests");
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"too_many_requests\"} 1.0");
    synchronized (started) {
      assertThat(started).containsExactly("a");
    }

    release.countDown();
    for (CompletableFuture<HttpResponse<String>> f : held) {
      assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(started).containsExactly("a", "b");
    await("every request to finish", () -> admission.running() == 0 && admission.waiting() == 0);
  }

  @Test
  void afterShutdownRefusesNewRequestsAndWaitsForRunningAndWaitingOnes() throws Exception {
    int port = start(1, 4, slow);
    List<CompletableFuture<HttpResponse<String>>> held = oneRunningOneWaiting(port);

    admission.shutdown();
    HttpResponse<String> refused = get(port, "c").get(10, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).contains("shutting down");
    assertThat(admission.awaitIdle(50, TimeUnit.MILLISECONDS)).as("a request still runs").isFalse();

    release.countDown();
    assertThat(admission.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
    for (CompletableFuture<HttpResponse<String>> f : held) {
      assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void manyConcurrentRequestsNeverExceedTheLimitAndAllComplete() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    HttpHandler counting =
        ex ->
            ex.dispatch(
                () -> {
                  most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                  Thread.onSpinWait();
                  inside.decrementAndGet();
                  ex.getResponseSender().send("ok");
                });
    int port = start(2, 1000, counting);
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      all.add(get(port, Integer.toString(i)));
    }
    for (CompletableFuture<HttpResponse<String>> f : all) {
      // A slot lost between a completion and a request starting to wait would hang here.
      assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(most.get()).isBetween(1, 2);
    await("every request to finish", () -> admission.running() == 0 && admission.waiting() == 0);
    admission.shutdown();
    assertThat(admission.awaitIdle(1, TimeUnit.SECONDS)).isTrue();
  }
}
