package io.falcocorrelator.ui;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves the console below {@code /ui/}: versioned static assets with a year-long immutable cache
 * ({@code /ui/assets/<version>/...}), and the single page for every other path (the client routes
 * {@code /ui/incidents/{id}} and the rest), revalidated on each load by its ETag.
 */
public final class ConsoleHandler implements HttpHandler {
  static final String PREFIX = "/ui/";
  static final String ASSETS = PREFIX + "assets/";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private final UiAssets assets;

  public ConsoleHandler(UiAssets assets) {
    this.assets = Objects.requireNonNull(assets);
  }

  @Override
  public void handleRequest(HttpServerExchange ex) {
    if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
      ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      text(ex, 405, "method not allowed");
      return;
    }
    String path = ex.getRequestPath();
    if (!path.startsWith(PREFIX)) {
      redirect(ex, PREFIX);
      return;
    }
    if (path.startsWith(ASSETS)) {
      serveAsset(ex, path.substring(ASSETS.length()));
      return;
    }
    send(ex, assets.index(), "no-cache");
  }

  private void serveAsset(HttpServerExchange ex, String rest) {
    int slash = rest.indexOf('/');
    Optional<UiAssets.Asset> asset =
        slash < 0 ? Optional.empty() : assets.asset(rest.substring(slash + 1));
    if (asset.isEmpty() || rest.contains("..")) {
      text(ex, 404, "no such console asset");
      return;
    }
    // An asset asked for under another build's version is this build's file: serve it, but not for
    // a year.
    boolean current = rest.substring(0, slash).equals(assets.version());
    send(ex, asset.get(), current ? IMMUTABLE : "no-cache");
  }

  private static void send(HttpServerExchange ex, UiAssets.Asset asset, String cacheControl) {
    ex.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
    ex.getResponseHeaders().put(Headers.ETAG, asset.etag());
    if (matches(ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH), asset.etag())) {
      ex.setStatusCode(304);
      ex.endExchange();
      return;
    }
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, asset.contentType());
    ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, asset.body().length);
    if (ex.getRequestMethod().equals(Methods.HEAD)) {
      ex.endExchange();
      return;
    }
    ex.getResponseSender().send(ByteBuffer.wrap(asset.body()));
  }

  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  static void redirect(HttpServerExchange ex, String location) {
    ex.setStatusCode(302);
    ex.getResponseHeaders().put(Headers.LOCATION, location);
    ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    ex.endExchange();
  }

  private static void text(HttpServerExchange ex, int status, String message) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.getResponseSender().send(message, StandardCharsets.UTF_8);
  }
}
