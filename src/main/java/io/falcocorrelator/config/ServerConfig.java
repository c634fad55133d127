package io.falcocorrelator.config;

import io.falcocorrelator.yaml.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code serve} runs with: validated once at load, immutable. Secrets are held as {@link
 * Secret}, whose {@code toString()} is redacted, so printing a config never leaks them.
 */
public record ServerConfig(
    Listen listen,
    Optional<Tls> tls,
    Auth auth,
    Limits limits,
    Rules rules,
    Api api,
    Outputs outputs,
    Optional<KafkaIngest> kafkaIngest,
    State state,
    Incidents incidents) {

  public ServerConfig {
    Objects.requireNonNull(listen);
    Objects.requireNonNull(tls);
    Objects.requireNonNull(auth);
    Objects.requireNonNull(limits);
    Objects.requireNonNull(rules);
    Objects.requireNonNull(api);
    Objects.requireNonNull(outputs);
    Objects.requireNonNull(kafkaIngest);
    Objects.requireNonNull(state);
    Objects.requireNonNull(incidents);
  }

  public ServerConfig(
      Listen listen,
      Optional<Tls> tls,
      Auth auth,
      Limits limits,
      Rules rules,
      Api api,
      Outputs outputs,
      Optional<KafkaIngest> kafkaIngest,
      State state) {
    this(listen, tls, auth, limits, rules, api, outputs, kafkaIngest, state, Incidents.defaults());
  }

  public ServerConfig(
      Listen listen,
      Optional<Tls> tls,
      Auth auth,
      Limits limits,
      Rules rules,
      Api api,
      Outputs outputs) {
    this(listen, tls, auth, limits, rules, api, outputs, Optional.empty(), State.inMemory());
  }

  public ServerConfig(
      Listen listen,
      Optional<Tls> tls,
      Auth auth,
      Limits limits,
      Rules rules,
      Api api,
      Outputs outputs,
      Optional<KafkaIngest> kafkaIngest) {
    this(listen, tls, auth, limits, rules, api, outputs, kafkaIngest, State.inMemory());
  }

  /**
   * Where correlation state is kept: in memory only (no {@code dir}), or crash-safe in a store in
   * {@code dir}; with {@code fsync}, also safe against power loss.
   */
  public record State(Optional<Path> dir, boolean fsync) {
    public static State inMemory() {
      return new State(Optional.empty(), false);
    }
  }

  /**
   * The receiver as the Kafka Streams mode's ingest front: alerts go to {@code topic}, and a
   * request is answered 2xx once the broker acknowledged them (the local correlator is idle).
   */
  public record KafkaIngest(
      String bootstrapServers,
      String topic,
      java.util.Map<String, String> properties,
      String compositesTopic) {
    public KafkaIngest {
      properties = java.util.Map.copyOf(properties);
    }

    public KafkaIngest(
        String bootstrapServers, String topic, java.util.Map<String, String> properties) {
      this(bootstrapServers, topic, properties, DEFAULT_COMPOSITES_TOPIC);
    }

    /** The Streams topology's output topic, materialized into the incident store. */
    public static final String DEFAULT_COMPOSITES_TOPIC = "falco-composites";
  }

  public static final int DEFAULT_PORT = 2804;

  public static ServerConfig defaults() {
    return new ServerConfig(
        Listen.defaults(),
        Optional.empty(),
        Auth.none(),
        Limits.defaults(),
        Rules.defaults(),
        Api.defaults(),
        Outputs.none());
  }

  public ServerConfig withPort(int port) {
    return new ServerConfig(
        new Listen(listen.host(), port, listen.ioThreads(), listen.workerThreads()),
        tls,
        auth,
        limits,
        rules,
        api,
        outputs,
        kafkaIngest,
        state,
        incidents);
  }

  public ServerConfig withRulesDir(Path dir) {
    return new ServerConfig(
        listen,
        tls,
        auth,
        limits,
        new Rules(Optional.of(dir), rules.watch()),
        api,
        outputs,
        kafkaIngest,
        state,
        incidents);
  }

  public ServerConfig withIncidents(Incidents next) {
    return new ServerConfig(
        listen, tls, auth, limits, rules, api, outputs, kafkaIngest, state, next);
  }

  public ServerConfig withState(State next) {
    return new ServerConfig(
        listen, tls, auth, limits, rules, api, outputs, kafkaIngest, next, incidents);
  }

  /**
   * The incident store's retention ({@code incidents.retention}) and the console's public URL
   * ({@code ui.public_url}), which output payloads link to; empty when not configured.
   */
  public record Incidents(IncidentRetention retention, Optional<String> publicUrl) {
    public static Incidents defaults() {
      return new Incidents(IncidentRetention.defaults(), Optional.empty());
    }
  }

  /** Where to listen. */
  public record Listen(String host, int port, int ioThreads, int workerThreads) {
    public static Listen defaults() {
      int cores = Runtime.getRuntime().availableProcessors();
      return new Listen("0.0.0.0", DEFAULT_PORT, Math.max(1, cores), Math.max(4, cores * 4));
    }
  }

  /**
   * TLS from a PKCS#12 keystore, or from PEM certificate and PKCS#8 key files. With {@code
   * clientCa}, client certificates are checked against it (mutual TLS).
   */
  public record Tls(
      Optional<Path> keystore,
      Secret keystorePassword,
      Optional<Path> certFile,
      Optional<Path> keyFile,
      Optional<Path> clientCa,
      ClientAuth clientAuth) {}

  public enum ClientAuth {
    NONE,
    OPTIONAL,
    REQUIRED
  }

  /**
   * Credentials accepted on ingest (and on the API and metrics when protected): HTTP Basic, as
   * Falco sends it from {@code user:pass@} in its URL, and Bearer tokens, as Falcosidekick's {@code
   * customheaders} can send them.
   */
  public record Auth(
      Optional<String> basicUser,
      Secret basicPassword,
      List<Secret> bearerTokens,
      boolean protectApi,
      boolean protectMetrics) {
    public Auth {
      bearerTokens = List.copyOf(bearerTokens);
    }

    public static Auth none() {
      return new Auth(Optional.empty(), Secret.NONE, List.of(), true, false);
    }

    public boolean enabled() {
      return basicUser.isPresent() || !bearerTokens.isEmpty();
    }
  }

  /** Bounds on everything the network can make grow. */
  public record Limits(
      int maxBodyBytes, int maxConcurrentRequests, int queueCapacity, Duration shutdownTimeout) {
    public static Limits defaults() {
      return new Limits(1 << 20, 512, 100_000, Duration.ofSeconds(20));
    }
  }

  /** Rules directory (empty: the embedded defaults) and whether to reload on change. */
  public record Rules(Optional<Path> dir, boolean watch) {
    public static Rules defaults() {
      return new Rules(Optional.empty(), true);
    }
  }

  /** The query API: how many recent composites it keeps. */
  public record Api(int compositesKept) {
    public static Api defaults() {
      return new Api(1000);
    }
  }

  /**
   * Where composites go besides the log and the API: the routes, the spool directory that makes
   * delivery survive restarts, and the retry policy.
   */
  public record Outputs(
      List<io.falcocorrelator.output.OutputConfig> routes,
      Path spoolDir,
      boolean fsync,
      io.falcocorrelator.output.RetryPolicy retry) {
    public Outputs {
      routes = List.copyOf(routes);
    }

    public static Outputs none() {
      return new Outputs(
          List.of(), Path.of("spool"), false, io.falcocorrelator.output.RetryPolicy.defaults());
    }
  }

  /** A one-line summary with secrets redacted, for the startup log. */
  public String summary() {
    return "tls="
        + tls.map(
                t ->
                    t.clientCa().isPresent()
                        ? "mtls(" + t.clientAuth().name().toLowerCase(java.util.Locale.ROOT) + ")"
                        : "on")
            .orElse("off")
        + " auth="
        + (auth.enabled()
            ? (auth.basicUser().isPresent()
                    ? "basic(user="
                        + auth.basicUser().get()
                        + ",password="
                        + auth.basicPassword()
                        + ")"
                    : "")
                + (auth.bearerTokens().isEmpty()
                    ? ""
                    : " bearer(" + auth.bearerTokens().size() + " token(s))")
            : "none")
        + " max_body="
        + limits.maxBodyBytes()
        + " queue="
        + limits.queueCapacity()
        + " rules="
        + rules.dir().map(Path::toString).orElse("embedded")
        + (rules.watch() && rules.dir().isPresent() ? "(watched)" : "")
        + kafkaIngest.map(k -> " ingest=kafka(" + k.topic() + ")").orElse("")
        + " incidents="
        + incidents.retention().maxCount()
        + "/"
        + io.falcocorrelator.yaml.Durations.format(incidents.retention().maxAge())
        + " state="
        + state.dir().map(d -> d + (state.fsync() ? "(fsync)" : "")).orElse("memory")
        + " outputs="
        + (outputs.routes().isEmpty()
            ? "none"
            : outputs.routes()
                + " spool="
                + outputs.spoolDir()
                + (outputs.fsync() ? "(fsync)" : ""));
  }
}
