package io.falcocorrelator.streams;

import io.falcocorrelator.correlate.UtcClock;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Processing time as Kafka Streams gives it to a processor (its wall clock, mocked by the test
 * driver).
 */
final class ProcessorClock extends UtcClock {
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
}
