package io.falcocorrelator.output.syslog;

import io.falcocorrelator.correlate.CompositeAlert;

/**
 * RFC 5424 syslog messages: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG}, with
 * the composite id, case and severity as structured data (SD-PARAM values escaped: {@code "},
 * {@code \}, {@code ]}). Severity: Critical 2 (crit), High 3 (err), Medium 4 (warning). Pure.
 */
public final class Rfc5424 {
  /** Private enterprise number used in the structured-data id (documentation range). */
  static final String SD_ID = "falcocorrelator@32473";

  private Rfc5424() {}

  public static int severity(CompositeAlert a) {
    switch (a.severity()) {
      case CRITICAL:
        return 2;
      case HIGH:
        return 3;
      default:
        return 4;
    }
  }

  public static String format(CompositeAlert a, int facility, String localHost, String msg) {
    int pri = facility * 8 + severity(a);
    return "<"
        + pri
        + ">1 "
        + a.detectedAt()
        + " "
        + token(localHost, 255)
        + " falco-correlator - "
        + token(a.definition().id(), 32)
        + " ["
        + SD_ID
        + " id=\""
        + param(a.id())
        + "\" case=\""
        + param(a.caseName())
        + "\" severity=\""
        + a.severity().label()
        + "\" host=\""
        + param(a.key().hostname())
        + "\" container_id=\""
        + param(a.key().containerId())
        + "\"] "
        + msg;
  }

  /** HOSTNAME, APP-NAME, MSGID: printable US-ASCII without spaces, bounded, "-" when empty. */
  static String token(String s, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      sb.append(c > 32 && c < 127 ? c : '_');
    }
    return sb.length() == 0 ? "-" : sb.toString();
  }

  static String param(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
  }
}
