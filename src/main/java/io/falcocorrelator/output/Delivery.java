package io.falcocorrelator.output;

import java.util.Optional;

/** What one delivery attempt came to: the dispatcher decides what follows, never the sink. */
public sealed interface Delivery {
  /** The receiver took it. */
  record Delivered() implements Delivery {}

  /**
   * Worth another try: 429, 5xx, timeouts, I/O errors. {@code retryAfter} from the receiver, if it
   * said.
   */
  record Retryable(String reason, Optional<RetryAfter> retryAfter) implements Delivery {}

  /** Trying again cannot help (other 4xx, a payload the receiver refuses). */
  record Rejected(String reason) implements Delivery {}

  Delivered DELIVERED = new Delivered();

  static Retryable retry(String reason) {
    return new Retryable(reason, Optional.empty());
  }
}
