package io.falcocorrelator.correlate;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock whose instant comes from elsewhere (the events read, a stream processor), always in UTC.
 */
public abstract class UtcClock extends Clock {
  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    throw new IllegalArgumentException(getClass().getSimpleName() + " is UTC only");
  }
}
