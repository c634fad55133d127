package io.falcocorrelator.ui;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Objects;

/**
 * {@code GET /}: a browser (it asks for {@code text/html}) is sent to the console; any other client
 * gets what it got before. {@code POST /}, Falco's ingestion, never reaches this handler.
 */
public final class BrowserRedirect implements HttpHandler {
  private final HttpHandler otherwise;

  public BrowserRedirect(HttpHandler otherwise) {
    this.otherwise = Objects.requireNonNull(otherwise);
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    String accept = ex.getRequestHeaders().getFirst(Headers.ACCEPT);
    if (accept != null && accept.contains("text/html")) {
      ConsoleHandler.redirect(ex, ConsoleHandler.PREFIX);
      return;
    }
    otherwise.handleRequest(ex);
  }
}
