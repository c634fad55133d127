package io.falcocorrelator.server;

import java.util.List;

/**
 * Where the receiver hands accepted alerts: the local correlator ({@link CorrelationService}) or a
 * Kafka topic (the ingest front of the Kafka Streams mode). A 2xx is sent only after
 * {@link #accept} returned true.
 */
public interface AlertIntake {
  /** Takes the whole batch or nothing; false means "retry later" (the receiver answers 503). */
  boolean accept(List<CorrelationService.Classified> batch);

  /** True when {@link #accept} uses an alert's JSON as received (then the receiver keeps a copy of it). */
  default boolean needsSource(List<io.falcocorrelator.mapping.GroupHit> hits) {
    return false;
  }

  /** Why the last refused batch was refused, as a metric label: {@code queue_full} unless the intake knows better. */
  default String refusalReason() {
    return "queue_full";
  }

  /**
   * As {@link #accept(List)}, answering through {@code done}, possibly later and on another
   * thread when {@link #deferred} said so (the receiver then holds the request until the answer).
   */
  default void accept(List<CorrelationService.Classified> batch, java.util.function.Consumer<Boolean> done) {
    done.accept(accept(batch));
  }

  /** True when {@link #accept(List, java.util.function.Consumer)} answers later for this batch. */
  default boolean deferred(List<CorrelationService.Classified> batch) {
    return false;
  }

  /** True when {@link #accept} may block for this batch (it then runs on a worker thread, never an IO thread). */
  default boolean blocking(List<CorrelationService.Classified> batch) {
    return false;
  }
}
