package io.falcocorrelator.ingest;

import io.falcocorrelator.event.Text;
import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.metrics.Rejection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Locale;
import java.util.Objects;

/**
 * Refuses, with 415, a body the receiver cannot read: a Content-Type that is not JSON (with a hint
 * for Falco's plain-text output), or a Content-Encoding other than gzip or identity. Then {@code
 * next}.
 */
final class MediaTypeHandler implements HttpHandler {
  /** The request body's Content-Encoding, as the receiver sees it. */
  enum Coding {
    IDENTITY,
    GZIP,
    UNSUPPORTED;

    static Coding of(HttpServerExchange ex) {
      String encoding = ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
      if (encoding == null) {
        return IDENTITY;
      }
      String e = encoding.trim();
      return e.equalsIgnoreCase("gzip")
          ? GZIP
          : e.equalsIgnoreCase("identity") ? IDENTITY : UNSUPPORTED;
    }
  }

  private final Metrics metrics;
  private final HttpHandler next;

  MediaTypeHandler(Metrics metrics, HttpHandler next) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.next = Objects.requireNonNull(next, "next");
  }

  /**
   * The media type without parameters, in lower case; Falco's exact {@code application/json}
   * without a copy.
   */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    if (contentType.equals("application/json")) {
      return contentType;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * JSON in any of the spellings senders use; none at all is taken as JSON too (curl's default form
   * type as well).
   */
  static boolean readable(String mediaType) {
    return mediaType.isEmpty()
        || mediaType.equals("application/json")
        || mediaType.equals("application/x-ndjson")
        || mediaType.equals("application/jsonl")
        || mediaType.endsWith("+json")
        || mediaType.equals("application/x-www-form-urlencoded");
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    String mediaType = mediaType(ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
    if (mediaType.equals("text/plain")) {
      refuse(
          ex,
          Rejection.UNSUPPORTED_MEDIA_TYPE,
          "received text/plain: Falco sends plain text when json_output is false; set json_output: true in falco.yaml");
    } else if (!readable(mediaType)) {
      refuse(
          ex,
          Rejection.UNSUPPORTED_MEDIA_TYPE,
          "unsupported Content-Type "
              + Text.printable(mediaType, 60)
              + ": send application/json or application/x-ndjson");
    } else if (Coding.of(ex) == Coding.UNSUPPORTED) {
      refuse(
          ex,
          Rejection.UNSUPPORTED_ENCODING,
          "unsupported Content-Encoding "
              + Text.printable(ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING), 60)
              + ": send gzip or no encoding");
    } else {
      next.handleRequest(ex);
    }
  }

  private void refuse(HttpServerExchange ex, Rejection reason, String message) {
    metrics.rejected(reason, 1);
    Responses.error(ex, 415, message);
  }

  @Override
  public String toString() {
    return "falco-media-type( json | ndjson; identity | gzip ) -> " + next;
  }
}
