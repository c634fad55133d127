package io.falcocorrelator.ingest;

import io.falcocorrelator.metrics.Metrics;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.concurrent.CountDownLatch;

/**
 * The HTTP load benchmark's baseline (bench/http-bench.sh), kept out of the product jar: an
 * Undertow server whose only work is to read the request body and answer 200 with the receiver's
 * one-alert answer. The receiver's rate is reported as a share of this one's, measured in the same
 * run. Two ways to read: Undertow's own {@code receiveFullBytes}, and the receiver's {@link
 * BoundedBodyHandler}, so the comparison isolates the receiver's work (parse, classify, queue) from
 * the body read. Run from the test classes beside the jar:
 *
 * <pre>
 * java -cp target/test-classes:target/falco-correlator.jar io.falcocorrelator.ingest.BareServer --port 2899 --read BULK
 * </pre>
 */
public final class BareServer {
  /** How the baseline reads bodies. */
  public enum Read {
    UNDERTOW,
    BULK
  }

  private BareServer() {}

  public static Undertow start(String host, int port, int ioThreads, Read read) {
    HttpHandler handler =
        read == Read.UNDERTOW
            ? ex -> ex.getRequestReceiver().receiveFullBytes((e, body) -> answer(e))
            : new BoundedBodyHandler(1 << 20, new Metrics(), (e, body, start) -> answer(e));
    Undertow u =
        Undertow.builder()
            .setIoThreads(ioThreads)
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 1L << 20)
            .addHttpListener(port, host)
            .setHandler(handler)
            .build();
    u.start();
    return u;
  }

  private static void answer(HttpServerExchange e) {
    e.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    e.getResponseSender().send(BatchAnswer.ACCEPTED_ONE);
  }

  /**
   * {@code --port N} (2899), {@code --io-threads N} (2), {@code --read UNDERTOW|BULK} (BULK); runs
   * until killed.
   */
  public static void main(String[] args) throws InterruptedException {
    int port = 2899;
    int ioThreads = 2;
    Read read = Read.BULK;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--io-threads" -> ioThreads = Integer.parseInt(args[i + 1]);
        case "--read" -> read = Read.valueOf(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + " (--port, --io-threads, --read)");
      }
    }
    start("127.0.0.1", port, ioThreads, read);
    System.out.println("bare server (" + read + " body read) listening on 127.0.0.1:" + port);
    new CountDownLatch(1).await();
  }
}
