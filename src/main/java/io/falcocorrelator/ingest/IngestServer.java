package io.falcocorrelator.ingest;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.rules.ReloadStatus;
import io.falcocorrelator.rules.RuleSet;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * The Undertow server: small handlers composed outermost first, {@code admission (limit, shutdown)
 * -> routing -> [auth] -> endpoint}; {@code POST /} is {@code media type -> bounded body (gzip) ->
 * alerts endpoint -> intake}. It reaches the runtime only through the ports in {@link Ports}, which
 * the runtime implements: the receiver owns its contract, and {@code server} depends on {@code
 * ingest}, never the reverse.
 */
public final class IngestServer implements AutoCloseable {
  /**
   * What the receiver needs from the runtime behind it.
   *
   * @param rules the rules in force (their classifier is read once per request)
   * @param lastReload the last reload's result, for {@code GET /api/v1/rules}
   * @param extraRoutes endpoints of other features (the incidents API, the console), behind the
   *     API's auth
   */
  public record Ports(
      Supplier<RuleSet> rules,
      AlertIntake intake,
      ContextLookup contexts,
      Readiness readiness,
      Reloader reloader,
      Supplier<Optional<ReloadStatus>> lastReload,
      RecentCompositeSource recent,
      java.util.List<ApiRoutes> extraRoutes) {}

  private static final Logger log = LoggerFactory.getLogger(IngestServer.class);
  private final ServerConfig config;
  private final AdmissionHandler admission;
  private final Undertow undertow;

  public IngestServer(ServerConfig config, Ports ports, Metrics metrics)
      throws IOException, GeneralSecurityException {
    this.config = config;
    SchemaExplainer schema = new SchemaExplainer();
    ServerConfig.Auth auth = config.auth();
    int maxBody = config.limits().maxBodyBytes();
    BoundedBodyHandler body =
        new BoundedBodyHandler(
            maxBody,
            metrics,
            new AlertsEndpoint(
                () -> ports.rules().get().classifier(), ports.intake(), metrics, schema, maxBody));
    HttpHandler ingest = new MediaTypeHandler(metrics, body);
    HttpHandler protectedIngest = protect(ingest, auth.enabled());
    RoutingHandler routes =
        Handlers.routing()
            .post("/", protectedIngest)
            .get("/healthz", ApiHandlers.health())
            .get("/readyz", ApiHandlers.ready(ports.readiness()))
            .get(
                "/metrics",
                protect(ApiHandlers.metrics(metrics), auth.enabled() && auth.protectMetrics()))
            .get(
                "/api/v1/composites",
                protect(
                    ApiHandlers.composites(ports.recent(), config.api().compositesKept()),
                    auth.enabled() && auth.protectApi()))
            .get(
                "/api/v1/contexts/{hostname}/{containerId}",
                protect(ApiHandlers.context(ports.contexts()), auth.enabled() && auth.protectApi()))
            .post(
                "/api/v1/reload",
                protect(ApiHandlers.reload(ports.reloader()), auth.enabled() && auth.protectApi()))
            .post(
                "/api/v1/explain",
                protect(
                    AuthoringHandlers.explain(ports.rules()), auth.enabled() && auth.protectApi()))
            .get(
                "/api/v1/rules",
                protect(
                    AuthoringHandlers.rules(ports.rules(), ports.lastReload()),
                    auth.enabled() && auth.protectApi()))
            .get("/schema/falco-alert.json", ApiHandlers.schema(schema))
            .setFallbackHandler(ResponseCodeHandler.HANDLE_404);
    for (ApiRoutes extra : ports.extraRoutes()) {
      extra.addTo(routes, h -> protect(h, auth.enabled() && auth.protectApi()));
    }
    int limit = config.limits().maxConcurrentRequests();
    this.admission =
        new AdmissionHandler(limit, limit, metrics, alertsFirst(protectedIngest, routes));
    Undertow.Builder builder =
        Undertow.builder()
            .setIoThreads(config.listen().ioThreads())
            .setWorkerThreads(config.listen().workerThreads())
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, body.drainLimit())
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
            .setHandler(admission);
    if (config.tls().isPresent()) {
      SSLContext ssl = TlsContexts.server(config.tls().get());
      builder.addHttpsListener(config.listen().port(), config.listen().host(), ssl);
      switch (config.tls().get().clientAuth()) {
        case REQUIRED ->
            builder.setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUIRED);
        case OPTIONAL ->
            builder.setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUESTED);
        default -> {}
      }
    } else {
      builder.addHttpListener(config.listen().port(), config.listen().host());
    }
    this.undertow = builder.build();
  }

  /**
   * What Falco posts (POST /) goes straight to the ingest handler; everything else through the
   * routing table. The router's template matching was ~3% of a one-alert request's CPU.
   */
  private static HttpHandler alertsFirst(HttpHandler ingest, HttpHandler routes) {
    return ex -> {
      if (ex.getRequestMethod().equals(Methods.POST) && "/".equals(ex.getRelativePath())) {
        ingest.handleRequest(ex);
      } else {
        routes.handleRequest(ex);
      }
    };
  }

  private HttpHandler protect(HttpHandler handler, boolean on) {
    return on ? new AuthHandler(config.auth(), handler) : handler;
  }

  public void start() {
    undertow.start();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  public String url() {
    return (config.tls().isPresent() ? "https" : "http")
        + "://"
        + config.listen().host()
        + ":"
        + port()
        + "/";
  }

  /** Stops accepting requests and waits for those in flight, up to {@code timeout}. */
  public void shutdown(Duration timeout) {
    admission.shutdown();
    try {
      if (!admission.awaitIdle(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "{} requests still running after {}: stopping anyway",
            admission.running() + admission.waiting(),
            timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }
}
