package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.TestCertificates;
import io.falcocorrelator.support.TestServer;
import io.falcocorrelator.yaml.Secret;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS with certificates generated in the test: what Falco's http_output mtls option
 * does.
 */
class TlsTest {
  static TestCertificates certs;
  static String alert;

  @BeforeAll
  static void generate() throws Exception {
    certs = new TestCertificates();
    alert =
        Files.readAllLines(Path.of("test-fixtures/scenarios/kernel-module-escape.ndjson")).get(0);
  }

  private static ServerConfig withTls(ServerConfig.Tls tls) {
    ServerConfig d = ServerConfig.defaults();
    return new ServerConfig(
        d.listen(), Optional.of(tls), d.auth(), d.limits(), d.rules(), d.api(), d.outputs());
  }

  private static HttpClient client(boolean clientCert) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(certs.clientContext(clientCert))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void servesTlsFromPemFiles(@TempDir Path dir) throws Exception {
    TestCertificates.writePem(dir.resolve("server.crt"), certs.server, certs.ca);
    TestCertificates.writePkcs8(dir.resolve("server.key"), certs.serverKeys);
    ServerConfig.Tls tls =
        new ServerConfig.Tls(
            Optional.empty(),
            Secret.NONE,
            Optional.of(dir.resolve("server.crt")),
            Optional.of(dir.resolve("server.key")),
            Optional.empty(),
            ServerConfig.ClientAuth.NONE);
    try (TestServer s = new TestServer(withTls(tls), client(false), c -> {})) {
      assertThat(s.uri("/").getScheme()).isEqualTo("https");
      assertThat(s.postAsFalco(alert).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void requiresAClientCertificateSignedByTheConfiguredCa(@TempDir Path dir) throws Exception {
    certs.writeServerPkcs12(dir.resolve("server.p12"), "changeit".toCharArray());
    TestCertificates.writePem(dir.resolve("ca.crt"), certs.ca);
    ServerConfig.Tls tls =
        new ServerConfig.Tls(
            Optional.of(dir.resolve("server.p12")),
            new Secret("changeit"),
            Optional.empty(),
            Optional.empty(),
            Optional.of(dir.resolve("ca.crt")),
            ServerConfig.ClientAuth.REQUIRED);
    try (TestServer s = new TestServer(withTls(tls), client(true), c -> {})) {
      assertThat(s.postAsFalco(alert).statusCode()).isEqualTo(200);
      HttpClient anonymous = client(false);
      assertThatThrownBy(
              () ->
                  anonymous.send(
                      s.post("/", alert, "application/json").build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }
}
