package io.falcocorrelator.ui;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * Adds the console's security headers to every response below it. The page shows strings an
 * attacker wrote (command lines, file names, container names), so the policy allows nothing but
 * this server's own files: no inline script or style, no framing, no plugins, no foreign fetches.
 */
public final class SecurityHeaders implements HttpHandler {
  public static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "font-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'");
  private final HttpHandler next;

  public SecurityHeaders(HttpHandler next) {
    this.next = Objects.requireNonNull(next);
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    HeaderMap h = ex.getResponseHeaders();
    h.put(new HttpString("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
    h.put(new HttpString("X-Content-Type-Options"), "nosniff");
    h.put(new HttpString("Referrer-Policy"), "no-referrer");
    h.put(new HttpString("X-Frame-Options"), "DENY");
    h.put(new HttpString("Cross-Origin-Opener-Policy"), "same-origin");
    h.put(new HttpString("Cross-Origin-Resource-Policy"), "same-origin");
    next.handleRequest(ex);
  }
}
