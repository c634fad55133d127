package io.falcocorrelator.ingest;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.AttachmentKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Who made a request, for audit records such as an incident's status history: the Basic user,
 * {@code token-N} for the N-th configured bearer token (1-based, {@code bearer_tokens} then {@code
 * token_files}; the token itself is never recorded), the subject of a verified client certificate,
 * or {@code anonymous}.
 */
public final class Principals {
  /** Set by the authentication handler on the requests it lets through. */
  static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);

  public static final String ANONYMOUS = "anonymous";

  private Principals() {}

  public static String of(HttpServerExchange ex) {
    String authenticated = ex.getAttachment(KEY);
    if (authenticated != null) {
      return authenticated;
    }
    String subject = clientCertificateSubject(ex);
    return subject != null ? subject : ANONYMOUS;
  }

  private static String clientCertificateSubject(HttpServerExchange ex) {
    SSLSessionInfo ssl = ex.getConnection().getSslSessionInfo();
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.getPeerCertificates();
      if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate) {
        return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
      }
    } catch (Exception e) {
      // no verified client certificate on this connection
    }
    return null;
  }
}
