package io.falcocorrelator.ingest;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One handler alone on a real Undertow server on an ephemeral port, and a client for it. */
final class HandlerServer implements AutoCloseable {
  private final Undertow undertow;
  private final HttpClient client = HttpClient.newHttpClient();

  HandlerServer(HttpHandler handler) {
    this.undertow =
        Undertow.builder()
            .setIoThreads(1)
            .setWorkerThreads(2)
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L << 20)
            .addHttpListener(0, "127.0.0.1")
            .setHandler(handler)
            .build();
    undertow.start();
  }

  HttpRequest.Builder post(byte[] body, String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return contentType == null ? b : b.header("Content-Type", contentType);
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
