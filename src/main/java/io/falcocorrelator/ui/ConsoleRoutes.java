package io.falcocorrelator.ui;

import io.falcocorrelator.metrics.Metrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Adds the console's routes to the server's table. Everything is behind the API's authentication
 * ({@code protect}), so with Basic configured the browser prompts for it once and then sends it
 * with the page's own API calls.
 */
public final class ConsoleRoutes {
  private ConsoleRoutes() {}

  public static void register(RoutingHandler routes, UnaryOperator<HttpHandler> protect, Metrics metrics) {
    HttpHandler console = new SecurityHeaders(protect.apply(new ConsoleHandler(UiAssets.load())));
    routes.get("/", new BrowserRedirect(ResponseCodeHandler.HANDLE_404))
        .get("/ui", console)
        .get("/ui/*", console)
        .add("HEAD", "/ui/*", console)
        .get("/api/v1/health", protect.apply(new HealthHandler(metrics, Clock.systemUTC())));
  }
}
