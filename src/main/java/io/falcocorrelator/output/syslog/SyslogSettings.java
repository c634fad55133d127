package io.falcocorrelator.output.syslog;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.ClientTls;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Syslog, RFC 5424, over UDP, TCP (octet-counted framing, RFC 6587) or TLS (RFC 5425); the message
 * is the composite as JSON or as CEF. A TCP/TLS connection is kept and reopened after an error.
 */
public record SyslogSettings(
    String host, int port, String protocol, String format, int facility, ClientTls tls)
    implements OutputConfig.SinkSettings {
  static final List<String> FACILITIES =
      List.of(
          "kern",
          "user",
          "mail",
          "daemon",
          "auth",
          "syslog",
          "lpr",
          "news",
          "uucp",
          "cron",
          "authpriv",
          "ftp",
          "ntp",
          "audit",
          "alert",
          "clock",
          "local0",
          "local1",
          "local2",
          "local3",
          "local4",
          "local5",
          "local6",
          "local7");

  /** UDP datagrams stay under this; longer JSON drops evidence output texts first. */
  static final int MAX_UDP = 8192;

  public static final SinkFactory FACTORY =
      SinkFactory.of(
          "syslog",
          List.of(
              "host",
              "port",
              "protocol",
              "format",
              "facility",
              "ca_cert",
              "client_cert",
              "client_key",
              "insecure"),
          SyslogSettings::parse);

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    String host = values.required(keys, entry, "host").orElse("localhost");
    String protocol = values.text(keys.get("protocol"), "tcp").toLowerCase(Locale.ROOT);
    if (!List.of("udp", "tcp", "tls").contains(protocol)) {
      values.problems().add(keys.get("protocol"), "protocol must be udp, tcp or tls");
    }
    int port =
        (int) values.integer(keys.get("port"), 1, 65535, protocol.equals("tls") ? 6514 : 514);
    String format = values.text(keys.get("format"), "json").toLowerCase(Locale.ROOT);
    if (!List.of("json", "cef").contains(format)) {
      values.problems().add(keys.get("format"), "format must be json or cef");
    }
    String facilityName = values.text(keys.get("facility"), "local0");
    int facility = FACILITIES.indexOf(facilityName);
    if (facility < 0) {
      values
          .problems()
          .add(keys.get("facility"), "unknown facility (" + String.join(", ", FACILITIES) + ")");
    }
    ClientTls tls =
        new ClientTls(
            values.path(keys.get("ca_cert")),
            values.path(keys.get("client_cert")),
            values.path(keys.get("client_key")),
            values.bool(keys.get("insecure"), false));
    return new SyslogSettings(host, port, protocol, format, Math.max(0, facility), tls);
  }

  /** The MSG part: JSON (compact) or CEF. */
  public String message(CompositeAlert a, int maxBytes) {
    return message(a, maxBytes, java.util.Optional.empty());
  }

  /**
   * As {@link #message(CompositeAlert, int)}; the JSON form carries {@code "link"} when there is
   * one.
   */
  public String message(CompositeAlert a, int maxBytes, java.util.Optional<String> link) {
    if (format.equals("cef")) {
      return Cef.format(a);
    }
    ObjectNode json = CompositeJson.toJson(a);
    link.ifPresent(l -> json.put("link", l));
    String text = CompositeJson.MAPPER.writeValueAsString(json);
    if (text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      json.withArray("evidence").forEach(e -> ((ObjectNode) e).remove("output"));
      json.remove("triage");
      text = CompositeJson.MAPPER.writeValueAsString(json);
    }
    return text;
  }

  @Override
  public Sink create(SinkContext context) throws Exception {
    String localHost = localHostName();
    if (protocol.equals("udp")) {
      DatagramSocket socket = new DatagramSocket();
      InetAddress address = InetAddress.getByName(host);
      return new Sink() {
        @Override
        public Delivery send(CompositeAlert alert) {
          byte[] bytes =
              Rfc5424.format(
                      alert,
                      facility,
                      localHost,
                      message(alert, MAX_UDP - 512, context.link(alert)))
                  .getBytes(StandardCharsets.UTF_8);
          try {
            socket.send(new DatagramPacket(bytes, Math.min(bytes.length, 65000), address, port));
            return Delivery.DELIVERED;
          } catch (IOException e) {
            return Delivery.retry("UDP send failed: " + e.getClass().getSimpleName());
          }
        }

        @Override
        public void close() {
          socket.close();
        }
      };
    }
    return new StreamSink(this, localHost, context);
  }

  /** TCP or TLS with octet-counted framing; one connection, reopened after a failure. */
  static final class StreamSink implements Sink {
    private final SyslogSettings s;
    private final String localHost;
    private final SinkContext context;
    private Socket socket;

    StreamSink(SyslogSettings s, String localHost, SinkContext context) {
      this.s = s;
      this.localHost = localHost;
      this.context = context;
    }

    @Override
    public synchronized Delivery send(CompositeAlert alert) {
      byte[] msg =
          Rfc5424.format(
                  alert, s.facility(), localHost, s.message(alert, 1 << 20, context.link(alert)))
              .getBytes(StandardCharsets.UTF_8);
      byte[] frame = (msg.length + " ").getBytes(StandardCharsets.US_ASCII);
      try {
        if (socket == null || socket.isClosed()) {
          socket = open();
        }
        OutputStream out = socket.getOutputStream();
        out.write(frame);
        out.write(msg);
        out.flush();
        return Delivery.DELIVERED;
      } catch (Exception e) {
        close();
        return Delivery.retry(s.protocol() + " send failed: " + e.getClass().getSimpleName());
      }
    }

    private Socket open() throws Exception {
      Socket plain = new Socket();
      plain.connect(new InetSocketAddress(s.host(), s.port()), 5000);
      plain.setSoTimeout(10_000);
      if (!s.protocol().equals("tls")) {
        return plain;
      }
      Socket tls =
          s.tls().context().getSocketFactory().createSocket(plain, s.host(), s.port(), true);
      ((javax.net.ssl.SSLSocket) tls).startHandshake();
      return tls;
    }

    @Override
    public synchronized void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // already broken
        }
        socket = null;
      }
    }
  }

  static String localHostName() {
    return Optional.ofNullable(System.getenv("HOSTNAME"))
        .filter(h -> !h.isBlank())
        .orElseGet(
            () -> {
              try {
                return InetAddress.getLocalHost().getHostName();
              } catch (IOException e) {
                return "falco-correlator";
              }
            });
  }

  @Override
  public String toString() {
    return protocol
        + "://"
        + host
        + ":"
        + port
        + " format="
        + format
        + " facility="
        + FACILITIES.get(facility);
  }
}
