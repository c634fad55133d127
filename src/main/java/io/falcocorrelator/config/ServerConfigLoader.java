package io.falcocorrelator.config;

import io.falcocorrelator.yaml.Durations;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.Secret;
import io.falcocorrelator.yaml.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the {@code serve} config file (see {@code config/falco-correlator.yaml}). Every scalar may
 * reference environment variables as {@code ${NAME}}; secrets may also come from files ({@code
 * password_file}, {@code token_files}). Unknown keys and every other problem are reported together
 * with file, line and path.
 */
public final class ServerConfigLoader {
  static final List<String> TOP =
      List.of(
          "server",
          "tls",
          "auth",
          "limits",
          "rules",
          "api",
          "outputs",
          "spool",
          "delivery",
          "kafka_ingest",
          "state",
          "incidents",
          "ui");
  static final List<String> INCIDENTS = List.of("retention");
  static final List<String> RETENTION = List.of("max_age", "max_count", "check_interval");
  static final List<String> UI = List.of("public_url");
  static final List<String> KAFKA_INGEST =
      List.of("bootstrap_servers", "topic", "properties", "composites_topic");
  static final List<String> SPOOL = List.of("dir", "fsync");
  static final List<String> DELIVERY =
      List.of("max_attempts", "initial_backoff", "max_backoff", "budget");
  static final List<String> SERVER = List.of("host", "port", "io_threads", "worker_threads");
  static final List<String> TLS =
      List.of("keystore", "keystore_password", "cert_file", "key_file", "client_ca", "client_auth");
  static final List<String> AUTH =
      List.of("basic", "bearer_tokens", "token_files", "protect_api", "protect_metrics");
  static final List<String> BASIC = List.of("username", "password", "password_file");
  static final List<String> LIMITS =
      List.of("max_body_bytes", "max_concurrent_requests", "queue_capacity", "shutdown_timeout");
  static final List<String> RULES = List.of("dir", "watch");
  static final List<String> API = List.of("composites_kept");

  private final Problems problems;
  private final YamlConfigValues values;

  private final List<String> topKeys;

  private ServerConfigLoader(ConfigFile file, List<String> otherSections) {
    this.problems = file.problems();
    this.values = file.values();
    List<String> keys = new java.util.ArrayList<>(TOP);
    keys.addAll(otherSections);
    this.topKeys = List.copyOf(keys);
  }

  public static ServerConfig load(Path file) {
    return load(file, System::getenv);
  }

  /** As {@link #load(Path)}, with the environment given (for tests). */
  public static ServerConfig load(Path file, Function<String, String> env) {
    return load(file, env, List.of());
  }

  /**
   * As {@link #load(Path, Function)}, also allowing the top-level keys {@code otherSections}, which
   * another reader handles (the {@code forward} command's {@code forward:} section).
   */
  public static ServerConfig load(
      Path file, Function<String, String> env, List<String> otherSections) {
    ConfigFile file0 = ConfigFile.read(file, env);
    ServerConfigLoader loader = new ServerConfigLoader(file0, otherSections);
    ServerConfig config = file0.root().map(loader::compile).orElse(ServerConfig.defaults());
    loader.problems.throwIfAny();
    return config;
  }

  private ServerConfig compile(YamlNode root) {
    ServerConfig d = ServerConfig.defaults();
    Map<String, YamlNode> top = root.entries(problems, topKeys);
    ServerConfig.Listen listen =
        top.containsKey("server") ? listen(top.get("server"), d.listen()) : d.listen();
    Optional<ServerConfig.Tls> tls =
        top.containsKey("tls") ? tls(top.get("tls")) : Optional.empty();
    ServerConfig.Auth auth = top.containsKey("auth") ? auth(top.get("auth")) : d.auth();
    ServerConfig.Limits limits =
        top.containsKey("limits") ? limits(top.get("limits"), d.limits()) : d.limits();
    ServerConfig.Rules rules = d.rules();
    if (top.containsKey("rules")) {
      Map<String, YamlNode> r = top.get("rules").entries(problems, RULES);
      rules =
          new ServerConfig.Rules(
              optionalPath(r.get("dir")),
              r.containsKey("watch") ? r.get("watch").bool(problems).orElse(true) : true);
    }
    ServerConfig.Api api = d.api();
    if (top.containsKey("api")) {
      Map<String, YamlNode> a = top.get("api").entries(problems, API);
      api =
          new ServerConfig.Api(
              (int) intOr(a.get("composites_kept"), 1, 1_000_000, d.api().compositesKept()));
    }
    ServerConfig.State state = d.state();
    if (top.containsKey("state")) {
      Map<String, YamlNode> st = top.get("state").entries(problems, List.of("dir", "fsync"));
      state =
          new ServerConfig.State(optionalPath(st.get("dir")), values.bool(st.get("fsync"), false));
    }
    return new ServerConfig(
        listen,
        tls,
        auth,
        limits,
        rules,
        api,
        outputs(top, d.outputs()),
        kafkaIngest(top.get("kafka_ingest")),
        state,
        incidents(top.get("incidents"), top.get("ui"), d.incidents()));
  }

  private ServerConfig.Incidents incidents(YamlNode node, YamlNode ui, ServerConfig.Incidents d) {
    IncidentRetention r = d.retention();
    if (node != null) {
      Map<String, YamlNode> i = node.entries(problems, INCIDENTS);
      if (i.containsKey("retention")) {
        Map<String, YamlNode> x = i.get("retention").entries(problems, RETENTION);
        r =
            new IncidentRetention(
                x.containsKey("max_age")
                    ? Durations.positive(x.get("max_age"), problems).orElse(r.maxAge())
                    : r.maxAge(),
                (int) intOr(x.get("max_count"), 1, 10_000_000, r.maxCount()),
                x.containsKey("check_interval")
                    ? Durations.positive(x.get("check_interval"), problems).orElse(r.interval())
                    : r.interval());
      }
    }
    Optional<String> publicUrl = d.publicUrl();
    if (ui != null) {
      Map<String, YamlNode> u = ui.entries(problems, UI);
      if (u.containsKey("public_url")) {
        publicUrl = text(u.get("public_url"));
        if (publicUrl.isPresent() && !publicUrl.get().matches("https?://[^\\s]+")) {
          problems.add(
              u.get("public_url"),
              "expected an http:// or https:// URL, such as https://correlator.example.com");
          publicUrl = Optional.empty();
        }
      }
    }
    return new ServerConfig.Incidents(r, publicUrl);
  }

  private Optional<ServerConfig.KafkaIngest> kafkaIngest(YamlNode node) {
    if (node == null) {
      return Optional.empty();
    }
    Map<String, YamlNode> k = node.entries(problems, KAFKA_INGEST);
    String bootstrap = values.required(k, node, "bootstrap_servers").orElse("");
    String topic = values.text(k.get("topic"), "falco-alerts");
    Map<String, String> props = new java.util.LinkedHashMap<>();
    if (k.containsKey("properties")) {
      k.get("properties")
          .freeEntries(problems)
          .forEach((name, v) -> values.text(v).ifPresent(t -> props.put(name, t)));
    }
    String composites =
        k.containsKey("composites_topic")
            ? values
                .text(k.get("composites_topic"))
                .orElse(ServerConfig.KafkaIngest.DEFAULT_COMPOSITES_TOPIC)
            : ServerConfig.KafkaIngest.DEFAULT_COMPOSITES_TOPIC;
    return Optional.of(new ServerConfig.KafkaIngest(bootstrap, topic, props, composites));
  }

  private ServerConfig.Outputs outputs(Map<String, YamlNode> top, ServerConfig.Outputs d) {
    List<io.falcocorrelator.output.OutputConfig> routes =
        top.containsKey("outputs")
            ? io.falcocorrelator.output.OutputsCompiler.compile(top.get("outputs"), values)
            : List.of();
    Path spoolDir = d.spoolDir();
    boolean fsync = d.fsync();
    if (top.containsKey("spool")) {
      Map<String, YamlNode> s = top.get("spool").entries(problems, SPOOL);
      spoolDir = optionalPath(s.get("dir")).orElse(spoolDir);
      fsync = s.containsKey("fsync") ? s.get("fsync").bool(problems).orElse(false) : false;
    }
    io.falcocorrelator.output.RetryPolicy r = d.retry();
    if (top.containsKey("delivery")) {
      Map<String, YamlNode> x = top.get("delivery").entries(problems, DELIVERY);
      r =
          new io.falcocorrelator.output.RetryPolicy(
              (int) intOr(x.get("max_attempts"), 1, 1000, r.maxAttempts()),
              values.duration(x.get("initial_backoff"), r.initialBackoff()),
              values.duration(x.get("max_backoff"), r.maxBackoff()),
              values.duration(x.get("budget"), r.budget()));
    }
    return new ServerConfig.Outputs(routes, spoolDir, fsync, r);
  }

  private ServerConfig.Listen listen(YamlNode node, ServerConfig.Listen d) {
    Map<String, YamlNode> s = node.entries(problems, SERVER);
    return new ServerConfig.Listen(
        s.containsKey("host") ? text(s.get("host")).orElse(d.host()) : d.host(),
        (int) intOr(s.get("port"), 0, 65535, d.port()),
        (int) intOr(s.get("io_threads"), 1, 256, d.ioThreads()),
        (int) intOr(s.get("worker_threads"), 1, 4096, d.workerThreads()));
  }

  private Optional<ServerConfig.Tls> tls(YamlNode node) {
    Map<String, YamlNode> t = node.entries(problems, TLS);
    Optional<Path> keystore = optionalPath(t.get("keystore"));
    Optional<Path> cert = optionalPath(t.get("cert_file"));
    Optional<Path> key = optionalPath(t.get("key_file"));
    if (keystore.isPresent() == (cert.isPresent() || key.isPresent())) {
      problems.add(node, "give either keystore (PKCS#12) or cert_file and key_file (PEM)");
    } else if (cert.isPresent() != key.isPresent()) {
      problems.add(node, "cert_file and key_file go together");
    }
    ServerConfig.ClientAuth clientAuth = ServerConfig.ClientAuth.NONE;
    Optional<Path> ca = optionalPath(t.get("client_ca"));
    if (ca.isPresent()) {
      clientAuth = ServerConfig.ClientAuth.REQUIRED;
    }
    if (t.containsKey("client_auth")) {
      String v = text(t.get("client_auth")).orElse("required").toUpperCase(Locale.ROOT);
      try {
        clientAuth = ServerConfig.ClientAuth.valueOf(v);
      } catch (IllegalArgumentException e) {
        problems.add(t.get("client_auth"), "expected none, optional or required");
      }
      if (clientAuth != ServerConfig.ClientAuth.NONE && ca.isEmpty()) {
        problems.add(t.get("client_auth"), "client certificates need client_ca");
      }
    }
    return Optional.of(
        new ServerConfig.Tls(
            keystore, secret(t.get("keystore_password")), cert, key, ca, clientAuth));
  }

  private ServerConfig.Auth auth(YamlNode node) {
    Map<String, YamlNode> a = node.entries(problems, AUTH);
    Optional<String> user = Optional.empty();
    Secret password = Secret.NONE;
    if (a.containsKey("basic")) {
      Map<String, YamlNode> b = a.get("basic").entries(problems, BASIC);
      user = b.containsKey("username") ? text(b.get("username")) : Optional.empty();
      if (user.isEmpty()) {
        problems.add(a.get("basic"), "missing required key \"username\"");
      }
      password =
          b.containsKey("password_file")
              ? fileSecret(b.get("password_file"))
              : secret(b.get("password"));
      if (password.isEmpty()) {
        problems.add(a.get("basic"), "give password or password_file (not empty)");
      }
    }
    List<Secret> tokens = new ArrayList<>();
    if (a.containsKey("bearer_tokens")) {
      for (YamlNode t : a.get("bearer_tokens").items(problems, true)) {
        tokens.add(secret(t));
      }
    }
    if (a.containsKey("token_files")) {
      for (YamlNode t : a.get("token_files").items(problems, true)) {
        tokens.add(fileSecret(t));
      }
    }
    tokens.removeIf(Secret::isEmpty);
    boolean protectApi =
        a.containsKey("protect_api") ? a.get("protect_api").bool(problems).orElse(true) : true;
    boolean protectMetrics =
        a.containsKey("protect_metrics")
            ? a.get("protect_metrics").bool(problems).orElse(false)
            : false;
    return new ServerConfig.Auth(user, password, tokens, protectApi, protectMetrics);
  }

  private ServerConfig.Limits limits(YamlNode node, ServerConfig.Limits d) {
    Map<String, YamlNode> l = node.entries(problems, LIMITS);
    return new ServerConfig.Limits(
        (int) intOr(l.get("max_body_bytes"), 1024, 256L << 20, d.maxBodyBytes()),
        (int) intOr(l.get("max_concurrent_requests"), 1, 100_000, d.maxConcurrentRequests()),
        (int) intOr(l.get("queue_capacity"), 1, 10_000_000, d.queueCapacity()),
        l.containsKey("shutdown_timeout")
            ? Durations.positive(l.get("shutdown_timeout"), problems).orElse(d.shutdownTimeout())
            : d.shutdownTimeout());
  }

  private Optional<String> text(YamlNode node) {
    return values.text(node);
  }

  private Secret secret(YamlNode node) {
    return values.secret(node);
  }

  private Secret fileSecret(YamlNode node) {
    return values.fileSecret(node);
  }

  private Optional<Path> optionalPath(YamlNode node) {
    return values.path(node);
  }

  private long intOr(YamlNode node, long min, long max, long fallback) {
    return node == null ? fallback : node.integer(problems, min, max).orElse(fallback);
  }
}
