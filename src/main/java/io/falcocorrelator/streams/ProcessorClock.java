package io.falcocorrelator.streams;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Processing time as Kafka Streams gives it to a processor (its wall clock, mocked by the test driver). */
final class ProcessorClock extends Clock {
  private final ProcessorContext<?, ?> context;

  ProcessorClock(ProcessorContext<?, ?> context) {
    this.context = context;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }

  @Override
  public long millis() {
    return context.currentSystemTimeMs();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new IllegalArgumentException("processing time is UTC only");
  }
}
