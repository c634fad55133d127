package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.output.syslog.SyslogSettings;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.TestCertificates;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog sink against a real rsyslog on loopback (UDP, TCP with octet counting, TLS), reading
 * what rsyslog wrote. .ci/run installs rsyslog and rsyslog-gnutls; on a developer machine without
 * rsyslogd the test is skipped with that reason (in CI it fails instead).
 */
class RsyslogTest {
  @TempDir static Path dir;
  static Process rsyslog;
  static int udp;
  static int tcp;
  static int tls;
  static TestCertificates certs;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void startRsyslog() throws Exception {
    boolean installed = Files.isExecutable(Path.of("/usr/sbin/rsyslogd"));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "rsyslogd is missing: .ci/run must install rsyslog and rsyslog-gnutls");
    }
    Assumptions.assumeTrue(
        installed,
        "rsyslogd not installed (apt-get install -y rsyslog rsyslog-gnutls); CI runs this test");
    certs = new TestCertificates();
    TestCertificates.writePem(dir.resolve("ca.pem"), certs.ca);
    TestCertificates.writePem(dir.resolve("server.pem"), certs.server);
    TestCertificates.writePkcs8(dir.resolve("server.key"), certs.serverKeys);
    udp = freePort();
    tcp = freePort();
    tls = freePort();
    String conf =
        String.join(
            "\n",
            "global(workDirectory=\"" + dir + "\"",
            "  DefaultNetstreamDriverCAFile=\"" + dir.resolve("ca.pem") + "\"",
            "  DefaultNetstreamDriverCertFile=\"" + dir.resolve("server.pem") + "\"",
            "  DefaultNetstreamDriverKeyFile=\"" + dir.resolve("server.key") + "\")",
            "module(load=\"imudp\")",
            "module(load=\"imtcp\" maxSessions=\"20\")",
            "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udp + "\")",
            "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcp + "\")",
            "input(type=\"imtcp\" address=\"127.0.0.1\" port=\""
                + tls
                + "\" StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\"anon\")",
            "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")",
            "action(type=\"omfile\" file=\"" + dir.resolve("out.log") + "\" template=\"raw\")",
            "");
    Files.writeString(dir.resolve("rsyslog.conf"), conf);
    rsyslog =
        new ProcessBuilder(
                "/usr/sbin/rsyslogd",
                "-n",
                "-f",
                dir.resolve("rsyslog.conf").toString(),
                "-i",
                dir.resolve("pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("rsyslogd.log").toFile())
            .start();
    Await.until(
        "rsyslog listening",
        Duration.ofSeconds(20),
        () -> {
          try (java.net.Socket s = new java.net.Socket("127.0.0.1", tls)) {
            return true;
          } catch (Exception e) {
            return false;
          }
        });
  }

  @AfterAll
  static void stopRsyslog() throws Exception {
    if (rsyslog != null) {
      rsyslog.destroy();
      rsyslog.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void sendAndFind(SyslogSettings settings, String expected) throws Exception {
    try (Sink sink = settings.create(new SinkContext(HttpClient.newHttpClient()))) {
      assertThat(sink.send(PayloadGoldenTest.HOSTILE)).isInstanceOf(Delivery.Delivered.class);
    }
    Await.until(
        settings.protocol() + " message in rsyslog's file",
        Duration.ofSeconds(20),
        () -> {
          try {
            return Files.exists(dir.resolve("out.log"))
                && Files.readString(dir.resolve("out.log")).contains(expected);
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void udpJson() throws Exception {
    sendAndFind(
        new SyslogSettings("127.0.0.1", udp, "udp", "json", 16, ClientTls.DEFAULT),
        "falco-correlator - docker_socket_escape [falcocorrelator@32473 id=\""
            + PayloadGoldenTest.HOSTILE.id()
            + "\"");
  }

  @Test
  void tcpCefWithOctetCounting() throws Exception {
    sendAndFind(
        new SyslogSettings("127.0.0.1", tcp, "tcp", "cef", 4, ClientTls.DEFAULT),
        "CEF:0|falco-correlator|falco-correlator|0.1.0|docker_socket_escape|Docker Socket Escape|8|externalId="
            + PayloadGoldenTest.HOSTILE.id());
    String log = Files.readString(dir.resolve("out.log"));
    // The escaped newline stays inside one record: the message was framed by its length, not by
    // line.
    assertThat(log)
        .contains(
            "cs7=curl -s --unix-socket /var/run/docker.sock http://x/ | sh\\n&lt;"
                .substring(0, 40));
    assertThat(log).contains("<35>1 "); // facility auth (4) * 8 + err (3) for High
  }

  @Test
  void tlsJson() throws Exception {
    ClientTls trustTestCa =
        new ClientTls(
            Optional.of(dir.resolve("ca.pem")), Optional.empty(), Optional.empty(), false);
    sendAndFind(
        new SyslogSettings("127.0.0.1", tls, "tls", "json", 16, trustTestCa),
        "\"escalated_from\":\"\",\"source\":\"falco-correlator\"");
    assertThat(Files.readString(dir.resolve("out.log")))
        .contains("\"case\":\"Docker Socket Escape\"");
  }

  @Test
  void reportsRetryableWhenNobodyListens() throws Exception {
    SyslogSettings closed =
        new SyslogSettings("127.0.0.1", freePort(), "tcp", "json", 16, ClientTls.DEFAULT);
    try (Sink sink = closed.create(new SinkContext(HttpClient.newHttpClient()))) {
      assertThat(sink.send(PayloadGoldenTest.HOSTILE)).isInstanceOf(Delivery.Retryable.class);
    }
    assertThat(List.of(udp, tcp, tls)).doesNotHaveDuplicates();
  }
}
