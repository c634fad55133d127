package io.falcocorrelator.server;

import io.falcocorrelator.ingest.Admission;
import io.falcocorrelator.ingest.AlertIntake;
import io.falcocorrelator.ingest.ClassifiedAlert;
import io.falcocorrelator.mapping.GroupHit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The intake of the single-node runtime: queues accepted batches for the {@link CorrelatorLoop};
 * with a durable store, journals first the alerts that evidence a group (the only ones that can
 * change state), through the {@link JournalWriter}'s group commit, so a 2xx means their effect
 * survives a crash.
 */
final class LocalIntake implements AlertIntake {
  private final CorrelatorLoop loop;

  /** Null without a durable store. */
  private final DurableState durable;

  private final JournalWriter journal;

  LocalIntake(CorrelatorLoop loop, DurableState durable) {
    this.loop = loop;
    this.durable = durable;
    this.journal = durable == null ? null : new JournalWriter(durable.journal());
  }

  void start() {
    if (journal != null) {
      journal.start();
    }
  }

  /**
   * Writes what was submitted, then refuses more; alerts it journaled are queued before this
   * returns.
   */
  void close() {
    loop.stopTaking();
    if (journal != null) {
      journal.close();
    }
  }

  /**
   * Queues a batch. With a durable store, the alerts that evidence a group are journaled first,
   * together with other requests' alerts, and the stage completes (on the writer thread) only once
   * their effect survives a crash; otherwise it is decided at once. Refused whole when the batch
   * does not fit ({@code QUEUE_FULL}) or cannot be made durable ({@code NOT_DURABLE}).
   */
  @Override
  public CompletionStage<Admission> submit(List<ClassifiedAlert> batch) {
    if (durable == null || !anyHits(batch)) {
      List<CorrelationService.Classified> queued = new ArrayList<>(batch.size());
      for (ClassifiedAlert c : batch) {
        queued.add(new CorrelationService.Classified(c.alert(), c.hits(), -1, null));
      }
      return (loop.offer(queued) ? Admission.ACCEPTED : Admission.QUEUE_FULL).completed();
    }
    if (!loop.tryReserve(batch.size())) {
      return refusal().completed();
    }
    List<byte[]> entries = new ArrayList<>();
    for (ClassifiedAlert c : batch) {
      if (!c.hits().isEmpty()) {
        entries.add(c.json());
      }
    }
    CompletableFuture<Admission> answer = new CompletableFuture<>();
    journal.submit(
        entries,
        new JournalWriter.Done() {
          @Override
          public void journaled(long firstSeq) {
            long seq = firstSeq;
            List<CorrelationService.Classified> queued = new ArrayList<>(batch.size());
            for (ClassifiedAlert c : batch) {
              // The journal has the bytes: the queued copy need not keep them.
              queued.add(
                  new CorrelationService.Classified(
                      c.alert(), c.hits(), c.hits().isEmpty() ? -1 : seq++, null));
            }
            loop.enqueueReserved(queued);
            answer.complete(Admission.ACCEPTED);
          }

          @Override
          public void failed() {
            loop.release(batch.size());
            answer.complete(refusal());
          }
        });
    return answer;
  }

  private static boolean anyHits(List<ClassifiedAlert> batch) {
    for (ClassifiedAlert c : batch) {
      if (!c.hits().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Journaled alerts (those that evidence a group) are stored as received. */
  @Override
  public boolean keepsSource(List<GroupHit> hits) {
    return durable != null && !hits.isEmpty();
  }

  /** Not durable while the state store cannot be written (a full disk), else no room. */
  private Admission refusal() {
    return durable != null && durable.failing() ? Admission.NOT_DURABLE : Admission.QUEUE_FULL;
  }
}
