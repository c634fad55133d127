package io.falcocorrelator.ingest;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.yaml.Secret;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks HTTP Basic credentials (Falco's {@code http_output} sends {@code user:pass@} from its URL)
 * or a Bearer token (Falcosidekick {@code customheaders}), comparing in constant time. Answers 401
 * with a Basic challenge otherwise. Credentials are never logged.
 */
final class AuthHandler implements HttpHandler {
  private final ServerConfig.Auth auth;
  private final HttpHandler next;

  AuthHandler(ServerConfig.Auth auth, HttpHandler next) {
    this.auth = Objects.requireNonNull(auth);
    this.next = Objects.requireNonNull(next);
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    String principal = principal(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
    if (principal != null) {
      ex.putAttachment(Principals.KEY, principal);
      next.handleRequest(ex);
      return;
    }
    ex.getResponseHeaders()
        .put(Headers.WWW_AUTHENTICATE, "Basic realm=\"falco-correlator\", charset=\"UTF-8\"");
    Responses.error(ex, 401, "authentication required: HTTP Basic credentials or a Bearer token");
  }

  /** Who the credentials identify ({@link Principals}), or null when they are not accepted. */
  String principal(String header) {
    if (header == null) {
      return null;
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      int matched = -1;
      for (int i = 0; i < auth.bearerTokens().size(); i++) {
        // No early exit: every token is compared.
        if (auth.bearerTokens().get(i).matches(token)) {
          matched = i;
        }
      }
      return matched < 0 ? null : "token-" + (matched + 1);
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6) && auth.basicUser().isPresent()) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return null;
      }
      boolean userOk = new Secret(auth.basicUser().get()).matches(decoded.substring(0, colon));
      boolean passwordOk = auth.basicPassword().matches(decoded.substring(colon + 1));
      return userOk & passwordOk ? auth.basicUser().get() : null;
    }
    return null;
  }

  @Override
  public String toString() {
    return "auth( basic="
        + auth.basicUser().isPresent()
        + " bearer="
        + auth.bearerTokens().size()
        + " )";
  }
}
