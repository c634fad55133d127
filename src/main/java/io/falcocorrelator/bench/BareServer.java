package io.falcocorrelator.bench;

import io.falcocorrelator.ingest.BodyReader;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * The load benchmark's baseline: an Undertow server whose only work is to read the request body
 * and answer 200 with a small JSON, the same shape of answer the real receiver gives. The
 * receiver's rate is reported as a share of this one's, measured in the same run. Two ways to
 * read: Undertow's own {@code receiveFullBytes}, and the receiver's {@link BodyReader}, so the
 * comparison isolates the receiver's work (parse, classify, queue) from the body read.
 */
public final class BareServer {
  /** How the baseline reads bodies. */
  public enum Read { UNDERTOW, BULK }

  private BareServer() {}

  public static Undertow start(String host, int port, int ioThreads, Read read) {
    HttpHandler handler = read == Read.UNDERTOW
        ? ex -> ex.getRequestReceiver().receiveFullBytes((e, body) -> answer(e))
        : ex -> BodyReader.read(ex, (int) ex.getRequestContentLength(), (e, body) -> answer(e), (e, failure) -> e.endExchange());
    Undertow u = Undertow.builder()
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
    e.getResponseSender().send("{\"accepted\":1,\"rejected\":0,\"errors\":[]}");
  }
}
