package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.falcocorrelator.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading a whole body within the limit, gzip included, alone in front of a recording consumer. */
class BoundedBodyHandlerTest {
  private static final int LIMIT = 100_000;
  private final Metrics metrics = new Metrics();

  /** Each body received, and whether it was handed over on the IO thread. */
  private final List<String> received = new CopyOnWriteArrayList<>();

  private final HandlerServer server =
      new HandlerServer(
          new BoundedBodyHandler(
              LIMIT,
              metrics,
              (ex, body, start) -> {
                received.add(
                    (ex.isInIoThread() ? "io:" : "worker:")
                        + body.length
                        + ":"
                        + new String(body, 0, Math.min(body.length, 8), StandardCharsets.UTF_8));
                ex.setStatusCode(204);
                ex.endExchange();
              }));

  @AfterEach
  void stop() {
    server.close();
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void handsASmallBodyOverOnTheIoThreadAndALargeOneOnAWorker() throws Exception {
    assertThat(
            server
                .send(server.post("{\"rule\":1}".getBytes(StandardCharsets.UTF_8), null))
                .statusCode())
        .isEqualTo(204);
    byte[] large = ("{\"a\":\"" + "x".repeat(80_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(server.send(server.post(large, null)).statusCode()).isEqualTo(204);
    assertThat(server.send(server.post(new byte[0], null)).statusCode()).isEqualTo(204);
    assertThat(received)
        .containsExactly("io:10:{\"rule\":", "worker:" + large.length + ":{\"a\":\"xx", "io:0:");
  }

  @Test
  void readsAChunkedBodyOfUndeclaredLength() throws Exception {
    HttpRequest.Builder chunked =
        server
            .post(new byte[0], null)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () ->
                        new java.io.ByteArrayInputStream(
                            "{\"chunked\":true}".getBytes(StandardCharsets.UTF_8))));
    assertThat(server.send(chunked).statusCode()).isEqualTo(204);
    assertThat(received).containsExactly("worker:16:{\"chunke");
  }

  @Test
  void refusesABodyPastTheLimitWith413DeclaredOrChunked() throws Exception {
    byte[] big = new byte[LIMIT + 1];
    HttpResponse<String> declared = server.send(server.post(big, null));
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(declared.body()).contains("limits.max_body_bytes");
    HttpRequest.Builder chunked =
        server
            .post(new byte[0], null)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)));
    assertThat(server.send(chunked).statusCode()).isEqualTo(413);
    assertThat(received).isEmpty();
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"too_large\"} 2.0");
  }

  @Test
  void decompressesGzipOnAWorker() throws Exception {
    byte[] ndjson =
        String.join("\n", Stream.generate(() -> "{\"rule\":\"x\"}").limit(1000).toList())
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            server
                .send(server.post(gzip(ndjson), null).header("Content-Encoding", "gzip"))
                .statusCode())
        .isEqualTo(204);
    assertThat(received).containsExactly("worker:" + ndjson.length + ":{\"rule\":");
  }

  @Test
  void refusesAGzipBombThatInflatesPastTheLimit() throws Exception {
    byte[] bomb = gzip(new byte[50 << 20]);
    assertThat(bomb.length).as("a small body").isLessThan(LIMIT);
    HttpResponse<String> r =
        server.send(server.post(bomb, null).header("Content-Encoding", "gzip"));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(received).isEmpty();
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"too_large\"} 1.0");
  }

  @Test
  void refusesABodyThatIsNotGzipAlthoughDeclaredSo() throws Exception {
    HttpResponse<String> r =
        server.send(
            server
                .post("{}".getBytes(StandardCharsets.UTF_8), null)
                .header("Content-Encoding", "gzip"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("not valid gzip");
    assertThat(received).isEmpty();
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"invalid_gzip\"} 1.0");
  }

  @Test
  void refusesALimitTooSmallForOneAlert() {
    assertThatThrownBy(() -> new BoundedBodyHandler(1023, metrics, (ex, body, start) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1024");
  }
}
