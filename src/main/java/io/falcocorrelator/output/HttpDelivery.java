package io.falcocorrelator.output;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one HTTP request and classifies the answer: 2xx delivered; 408, 429 and 5xx retryable (with
 * the receiver's {@code Retry-After}, in seconds or as an HTTP date); other 4xx rejected; I/O
 * errors and timeouts retryable. The URL is never put in a reason: it may hold a secret (Slack
 * webhook URLs are credentials).
 */
public final class HttpDelivery {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private HttpDelivery() {}

  public static Delivery send(
      HttpClient client, String method, URI uri, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return classify(r.statusCode(), r.headers().firstValue("Retry-After"), r.body());
    } catch (HttpTimeoutException e) {
      return Delivery.retry("timeout after " + TIMEOUT.toSeconds() + "s");
    } catch (IOException e) {
      return Delivery.retry("I/O error: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Delivery.retry("interrupted");
    }
  }

  /** Classifies an HTTP status (and Retry-After) as delivered, retryable or rejected. */
  public static Delivery classify(int status, Optional<String> retryAfter, String body) {
    if (status >= 200 && status < 300) {
      return Delivery.DELIVERED;
    }
    String reason =
        "HTTP "
            + status
            + (body == null || body.isBlank()
                ? ""
                : ": " + Text.truncate(body.strip().replaceAll("\\s+", " "), 200));
    if (status == 408 || status == 429 || status >= 500) {
      return new Delivery.Retryable(reason, retryAfter.flatMap(RetryAfter::parse));
    }
    return new Delivery.Rejected(reason);
  }
}
