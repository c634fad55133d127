package io.falcocorrelator.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.support.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's memory of delivered composites, aged by its clock. */
class SpoolTest {
  private static final CompositeAlert ALERT = PayloadGoldenTest.HOSTILE;

  @Test
  void aDeliveredCompositeIsNotSpooledAgainForSevenDaysThenIsForgotten(@TempDir Path dir)
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    Spool spool = new Spool(dir, false, clock);
    assertThat(spool.write(ALERT, List.of("a", "b"))).isTrue();
    spool.done(ALERT.id(), "a", List.of("a", "b"));
    assertThat(spool.pending(w -> {})).hasSize(1);
    spool.done(ALERT.id(), "b", List.of("a", "b"));
    assertThat(spool.pending(w -> {})).isEmpty();

    clock.advance(Spool.TOMBSTONE_TTL.minusMinutes(1));
    spool.pending(w -> {});
    assertThat(spool.write(ALERT, List.of("a"))).as("a replay within the week").isFalse();

    clock.advance(Duration.ofMinutes(2));
    spool.pending(w -> {});
    assertThat(spool.write(ALERT, List.of("a"))).as("after the week: forgotten").isTrue();
  }
}
