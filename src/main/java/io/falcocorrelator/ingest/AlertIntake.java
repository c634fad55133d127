package io.falcocorrelator.ingest;

import io.falcocorrelator.mapping.GroupHit;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the receiver hands the alerts of one request: the local correlator, or a Kafka topic (the
 * ingest front of the Streams mode). The port belongs to its caller, the receiver; the runtimes
 * implement it. A 2xx is sent only once {@link #submit} completed with {@link Admission#ACCEPTED}.
 */
public interface AlertIntake {
  /**
   * Takes the whole batch or none of it. Never blocks the caller (an IO thread): an intake that
   * answers later (a journal write, a broker acknowledgement) completes the stage on its own
   * thread. An intake that decides at once answers with {@link Admission#completed()}.
   */
  CompletionStage<Admission> submit(List<ClassifiedAlert> batch);

  /**
   * Whether {@link #submit} reads the JSON as received of an alert with these hits (the receiver
   * copies the bytes only then).
   */
  boolean keepsSource(List<GroupHit> hits);

  /**
   * False when the intake forwards alerts unclassified (the Kafka front): the receiver then does
   * not classify.
   */
  default boolean wantsHits() {
    return true;
  }
}
