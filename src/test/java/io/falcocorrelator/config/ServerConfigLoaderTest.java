package io.falcocorrelator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.ConfigProblems;
import io.falcocorrelator.yaml.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {
  @Test
  void loadsTheShippedExampleWithSecretsFromTheEnvironment() {
    ServerConfig c =
        ServerConfigLoader.load(
            Path.of("config/falco-correlator.yaml"),
            Map.of(
                    "FALCO_CORRELATOR_PASSWORD",
                    "pw-secret-1",
                    "FALCO_CORRELATOR_TOKEN",
                    "tok-secret-2")
                ::get);
    assertThat(c.listen().port()).isEqualTo(2804);
    assertThat(c.auth().basicUser()).contains("falco");
    assertThat(c.auth().basicPassword().matches("pw-secret-1")).isTrue();
    assertThat(c.auth().bearerTokens()).hasSize(1);
    assertThat(c.summary())
        .doesNotContain("pw-secret-1")
        .doesNotContain("tok-secret-2")
        .contains("<redacted>");
    assertThat(c.auth().toString()).doesNotContain("pw-secret-1").doesNotContain("tok-secret-2");
  }

  @Test
  void readsEverySection(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("token"), "file-token\n");
    Path f = dir.resolve("c.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "server: {host: 127.0.0.1, port: 9000, io_threads: 2, worker_threads: 16}",
            "auth:",
            "  token_files: [token]",
            "  protect_metrics: true",
            "limits: {max_body_bytes: 2048, max_concurrent_requests: 10, queue_capacity: 50, shutdown_timeout: 5s}",
            "rules: {dir: rules, watch: false}",
            "api: {composites_kept: 50}",
            "state: {dir: st, fsync: true}"));
    ServerConfig c = ServerConfigLoader.load(f, k -> null);
    assertThat(c.listen()).isEqualTo(new ServerConfig.Listen("127.0.0.1", 9000, 2, 16));
    assertThat(c.auth().bearerTokens().get(0).matches("file-token")).isTrue();
    assertThat(c.auth().protectMetrics()).isTrue();
    assertThat(c.limits()).isEqualTo(new ServerConfig.Limits(2048, 10, 50, Duration.ofSeconds(5)));
    assertThat(c.rules().dir()).contains(dir.resolve("rules"));
    assertThat(c.rules().watch()).isFalse();
    assertThat(c.api().compositesKept()).isEqualTo(50);
    assertThat(c.state())
        .isEqualTo(new ServerConfig.State(java.util.Optional.of(dir.resolve("st")), true));
  }

  @Test
  void reportsEveryProblem(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "server: {port: 70000, hots: x}",
            "auth:",
            "  basic: {username: falco, password: '${NOT_SET}'}",
            "tls: {client_auth: required}",
            "limits: {queue_capacity: 0}"));
    assertThat(ConfigProblems.of(() -> ServerConfigLoader.load(f, k -> null)))
        .containsExactly(
            "c.yaml:1 server.hots: unknown key \"hots\" (allowed: host, port, io_threads, worker_threads)",
            "c.yaml:1 server.port: expected a whole number from 0 to 65535, found the scalar \"70000\"",
            "c.yaml:3 auth.basic.password: environment variable NOT_SET is not set",
            "c.yaml:3 auth.basic: give password or password_file (not empty)",
            "c.yaml:4 tls: give either keystore (PKCS#12) or cert_file and key_file (PEM)",
            "c.yaml:4 tls.client_auth: client certificates need client_ca",
            "c.yaml:5 limits.queue_capacity: expected a whole number from 1 to 10000000, found the scalar \"0\"");
  }

  @Test
  void secretsNeverPrint() {
    Secret s = new Secret("hunter2");
    assertThat(s.toString()).isEqualTo("<redacted>");
    assertThat(s.matches("hunter2")).isTrue();
    assertThat(s.matches("hunter")).isFalse();
    assertThat(Secret.NONE.matches("")).isFalse();
  }
}
