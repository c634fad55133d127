package io.falcocorrelator.output.syslog;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.output.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * ArcSight Common Event Format, escaped exactly as the CEF specification says: in the header,
 * {@code \} and {@code |} are backslash-escaped (newlines, not allowed there, become spaces); in
 * extension values, {@code \} and {@code =} are backslash-escaped and CR/LF become {@code
 * \r}/{@code \n}. Severities: Critical 10, High 8, Medium 5. Pure.
 */
public final class Cef {
  static final String VERSION = io.falcocorrelator.output.Product.VERSION;
  static final int MAX_VALUE = 1023;

  private Cef() {}

  public static int severity(CompositeAlert a) {
    switch (a.severity()) {
      case CRITICAL:
        return 10;
      case HIGH:
        return 8;
      default:
        return 5;
    }
  }

  public static String format(CompositeAlert a) {
    List<String> groups = new ArrayList<>();
    for (ActivityGroup g : a.groups()) {
      groups.add(g.id());
    }
    StringBuilder sb =
        new StringBuilder("CEF:0|falco-correlator|falco-correlator|")
            .append(VERSION)
            .append('|')
            .append(header(a.definition().id()))
            .append('|')
            .append(header(a.caseName()))
            .append('|')
            .append(severity(a))
            .append('|');
    ext(sb, "externalId", a.id());
    ext(sb, "rt", Long.toString(a.detectedAt().toEpochMilli()));
    ext(sb, "start", Long.toString(a.firstSeen().toEpochMilli()));
    ext(sb, "end", Long.toString(a.lastSeen().toEpochMilli()));
    ext(sb, "dvchost", a.key().hostname());
    ext(sb, "cs1Label", "containerId");
    ext(sb, "cs1", a.key().containerId());
    ext(sb, "cs2Label", "containerName");
    ext(sb, "cs2", a.info().containerName());
    ext(sb, "cs3Label", "image");
    ext(sb, "cs3", a.info().image());
    ext(sb, "cs4Label", "k8sNamespace");
    ext(sb, "cs4", a.info().k8sNamespace());
    ext(sb, "cs5Label", "k8sPod");
    ext(sb, "cs5", a.info().k8sPod());
    ext(sb, "cs6Label", "groups");
    ext(sb, "cs6", String.join(",", groups));
    ext(sb, "cat", String.join(",", a.definition().mitre()));
    if (!a.evidence().isEmpty()) {
      String cmd = a.evidence().get(a.evidence().size() - 1).fieldText("proc.cmdline");
      if (cmd != null) {
        ext(sb, "cs7Label", "lastCommand");
        ext(sb, "cs7", cmd);
      }
    }
    ext(sb, "msg", a.definition().description());
    return sb.toString().stripTrailing();
  }

  /**
   * Header fields: backslash and pipe escaped; line breaks (not allowed in the header) to spaces.
   */
  public static String header(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }

  /** Extension values: backslash and equals escaped, CR and LF written as \r and \n. */
  public static String value(String s) {
    return Text.truncate(s, MAX_VALUE)
        .replace("\\", "\\\\")
        .replace("=", "\\=")
        .replace("\r", "\\r")
        .replace("\n", "\\n");
  }

  private static void ext(StringBuilder sb, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    sb.append(key).append('=').append(value(value)).append(' ');
  }
}
