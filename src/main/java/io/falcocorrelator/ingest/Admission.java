package io.falcocorrelator.ingest;

import io.falcocorrelator.metrics.Rejection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What an {@link AlertIntake} did with a whole batch: took it, or refused it and why. */
public enum Admission {
  ACCEPTED(null),
  /** No room in the correlator's queue. */
  QUEUE_FULL(Rejection.QUEUE_FULL),
  /** The state store cannot be written (a full disk), so the batch cannot be made durable. */
  NOT_DURABLE(Rejection.NOT_DURABLE),
  /** The Kafka broker did not acknowledge every alert. */
  NOT_ACKNOWLEDGED(Rejection.NOT_ACKNOWLEDGED);

  private final Rejection rejection;
  private final CompletableFuture<Admission> completed;

  Admission(Rejection rejection) {
    this.rejection = rejection;
    this.completed = CompletableFuture.completedFuture(this);
  }

  /** The metric reason of a refusal; null for {@link #ACCEPTED}. */
  public Rejection rejection() {
    return rejection;
  }

  /**
   * This answer as a stage that is already complete: one shared instance, so an intake that decides
   * at once allocates nothing. Callers only read it (its {@code toCompletableFuture()} is itself;
   * completing it again has no effect).
   */
  public CompletionStage<Admission> completed() {
    return completed;
  }
}
