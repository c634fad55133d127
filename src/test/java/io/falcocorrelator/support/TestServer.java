package io.falcocorrelator.support;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.server.EmbeddedServer;
import io.falcocorrelator.yaml.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real server on an ephemeral loopback port, and a real HTTP client, for integration tests. */
public final class TestServer implements AutoCloseable {
  public static final JsonMapper MAPPER = JsonMapper.builder().build();
  public final EmbeddedServer server;
  public final List<CompositeAlert> composites = new CopyOnWriteArrayList<>();
  public final HttpClient client;
  private final String scheme;

  public TestServer(ServerConfig config, HttpClient client, Consumer<CompositeAlert> sink)
      throws Exception {
    this(config, Clock.systemUTC(), client, sink);
  }

  /**
   * With the clock the server's logic reads (a {@link MutableClock} to move processing time by
   * hand).
   */
  public TestServer(ServerConfig config, Clock clock) throws Exception {
    this(
        config,
        clock,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        c -> {});
  }

  public TestServer(
      ServerConfig config, Clock clock, HttpClient client, Consumer<CompositeAlert> sink)
      throws Exception {
    ServerConfig local =
        new ServerConfig(
            new ServerConfig.Listen("127.0.0.1", 0, 2, 8),
            config.tls(),
            config.auth(),
            config.limits(),
            new ServerConfig.Rules(config.rules().dir(), config.rules().watch()),
            config.api(),
            config.outputs(),
            config.kafkaIngest(),
            config.state(),
            config.incidents());
    this.server =
        new EmbeddedServer(
            local,
            clock,
            c -> {
              composites.add(c);
              sink.accept(c);
            });
    this.server.start();
    this.client = client;
    this.scheme = config.tls().isPresent() ? "https" : "http";
  }

  public TestServer(ServerConfig config) throws Exception {
    this(config, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), c -> {});
  }

  public static TestServer start() throws Exception {
    return new TestServer(ServerConfig.defaults());
  }

  public static ServerConfig config(
      ServerConfig.Auth auth, ServerConfig.Limits limits, Optional<Path> rulesDir) {
    ServerConfig d = ServerConfig.defaults();
    return new ServerConfig(
        d.listen(),
        Optional.empty(),
        auth,
        limits,
        new ServerConfig.Rules(rulesDir, rulesDir.isPresent()),
        d.api(),
        d.outputs());
  }

  public static ServerConfig.Auth basicAndBearer(boolean protectMetrics) {
    return new ServerConfig.Auth(
        Optional.of("falco"),
        new Secret("s3cret"),
        List.of(new Secret("tok-123")),
        true,
        protectMetrics);
  }

  public URI uri(String path) {
    return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
  }

  public HttpRequest.Builder post(String path, String body, String contentType) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  /**
   * Exactly what Falco's http_output sends: one compact object, application/json, its user agent.
   */
  public HttpResponse<String> postAsFalco(String alertJson) throws Exception {
    return send(
        post("/", alertJson, "application/json")
            .header("User-Agent", "falcosecurity/falco")
            .build());
  }

  public HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  public static JsonNode json(HttpResponse<String> r) {
    return MAPPER.readTree(r.body());
  }

  /** Waits until the correlator has taken every queued alert. */
  public void awaitDrained() {
    Await.until(
        "the correlation queue to drain",
        Duration.ofSeconds(10),
        () -> server.service().depth() == 0);
    // The last alert taken may still be in process: a query runs after it on the same thread.
    server.service().query(t -> t.size()).join();
  }

  @Override
  public void close() {
    server.close();
  }
}
