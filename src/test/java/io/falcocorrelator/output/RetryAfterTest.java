package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The two forms of {@code Retry-After}, and what is not one. */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-10-21T07:28:00Z");

  @Test
  void secondsAreAWaitWhateverTheTime() {
    assertThat(RetryAfter.parse(" 120 ").map(r -> r.from(NOW))).contains(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse("-5").map(r -> r.from(NOW))).contains(Duration.ZERO);
  }

  @Test
  void anHttpDateIsAWaitFromTheDispatchersNowAndNeverNegative() {
    Optional<RetryAfter> date = RetryAfter.parse("Wed, 21 Oct 2026 07:30:30 GMT");
    assertThat(date).contains(new RetryAfter.At(Instant.parse("2026-10-21T07:30:30Z")));
    assertThat(date.get().from(NOW)).isEqualTo(Duration.ofSeconds(150));
    assertThat(date.get().from(NOW.plusSeconds(150))).isEqualTo(Duration.ZERO);
    assertThat(date.get().from(NOW.plusSeconds(3600))).isEqualTo(Duration.ZERO);
  }

  @Test
  void anythingElseIsNoRetryAfter() {
    assertThat(RetryAfter.parse("soon")).isEmpty();
    assertThat(RetryAfter.parse("")).isEmpty();
    assertThat(RetryAfter.parse("2026-10-21T07:30:30Z")).isEmpty();
    assertThat(RetryAfter.parse("99999999999999999999")).isEmpty();
  }

  @Test
  void retryableAnswersCarryIt() {
    Delivery d = HttpDelivery.classify(429, Optional.of("7"), "slow down");
    assertThat(d)
        .isEqualTo(
            new Delivery.Retryable(
                "HTTP 429: slow down", Optional.of(new RetryAfter.Delay(Duration.ofSeconds(7)))));
    assertThat(HttpDelivery.classify(400, Optional.of("7"), ""))
        .isInstanceOf(Delivery.Rejected.class);
  }
}
