package io.falcocorrelator.correlate;

import java.time.Instant;

/**
 * A clock that reads the newest event time seen so far, for running recorded alerts ({@code
 * replay}): processing time then follows the recording instead of the wall clock, so the same input
 * gives the same output byte for byte, {@code detected_at} included. It never goes back: an
 * out-of-order alert leaves it where it is. Single-threaded, like the table it drives.
 */
public final class EventTimeClock extends UtcClock {
  private Instant newest;

  /**
   * @param start the time before any event is seen
   */
  public EventTimeClock(Instant start) {
    this.newest = start;
  }

  /** Moves the clock to {@code eventTime} if that is newer. */
  public void advanceTo(Instant eventTime) {
    if (eventTime.isAfter(newest)) {
      newest = eventTime;
    }
  }

  @Override
  public Instant instant() {
    return newest;
  }
}
