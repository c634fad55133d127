package io.falcocorrelator.ui;

import io.falcocorrelator.ingest.ApiRoutes;
import io.falcocorrelator.metrics.Metrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.util.Headers;
import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The console's routes. Everything is behind the API's authentication, so with Basic configured the
 * browser prompts once and then sends the credentials with the page's own API calls.
 */
public final class ConsoleRoutes implements ApiRoutes {
  private final Metrics metrics;
  private final UiAssets assets = UiAssets.load();

  public ConsoleRoutes(Metrics metrics) {
    this.metrics = Objects.requireNonNull(metrics);
  }

  @Override
  public void addTo(RoutingHandler routes, UnaryOperator<HttpHandler> protectApi) {
    HttpHandler console = new SecurityHeaders(protectApi.apply(new ConsoleHandler(assets)));
    // GET / was 405 before the console (POST / is ingestion): other clients still get that.
    routes
        .get(
            "/",
            new BrowserRedirect(
                ex -> {
                  ex.getResponseHeaders().put(Headers.ALLOW, "POST");
                  ResponseCodeHandler.HANDLE_405.handleRequest(ex);
                }))
        .get("/ui", console)
        .get("/ui/*", console)
        .add("HEAD", "/ui/*", console)
        .get("/api/v1/health", protectApi.apply(new HealthHandler(metrics, Clock.systemUTC())));
  }
}
