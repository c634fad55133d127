package io.falcocorrelator.ingest;

import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import java.util.function.UnaryOperator;

/**
 * Endpoints a feature adds to the server's routing table (the incidents API, the console): {@code
 * protectApi} wraps a handler in the API's authentication ({@code auth.protect_api}), which also
 * records the caller's {@link Principals principal}.
 */
@FunctionalInterface
public interface ApiRoutes {
  void addTo(RoutingHandler routes, UnaryOperator<HttpHandler> protectApi);
}
