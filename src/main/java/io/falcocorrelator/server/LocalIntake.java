package io.falcocorrelator.server;

import io.falcocorrelator.mapping.GroupHit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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

  /** Writes what was submitted, then refuses more; alerts it journaled are queued before this returns. */
  void close() {
    loop.stopTaking();
    if (journal != null) {
      journal.close();
    }
  }

  @Override
  public boolean accept(List<CorrelationService.Classified> batch) {
    if (!deferred(batch)) {
      return loop.offer(batch);
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    accept(batch, answer::complete);
    return answer.join();
  }

  /**
   * Queues a batch; the alerts that evidence a group are journaled first, together with other
   * requests' alerts, so {@code done} hears true only once their effect survives a crash. Called
   * on a request thread; {@code done} runs on the writer thread (or at once when nothing needs
   * journaling).
   */
  @Override
  public void accept(List<CorrelationService.Classified> batch, Consumer<Boolean> done) {
    if (!deferred(batch)) {
      done.accept(loop.offer(batch));
      return;
    }
    if (!loop.tryReserve(batch.size())) {
      done.accept(false);
      return;
    }
    List<byte[]> entries = new ArrayList<>();
    for (CorrelationService.Classified c : batch) {
      if (!c.hits().isEmpty()) {
        entries.add(c.json());
      }
    }
    journal.submit(entries, new JournalWriter.Done() {
      @Override
      public void journaled(long firstSeq) {
        long seq = firstSeq;
        List<CorrelationService.Classified> queued = new ArrayList<>(batch.size());
        for (CorrelationService.Classified c : batch) {
          // The journal has the bytes: the queued copy need not keep them.
          queued.add(c.hits().isEmpty() ? c : new CorrelationService.Classified(c.alert(), c.hits(), seq++, null));
        }
        loop.enqueueReserved(queued);
        done.accept(true);
      }

      @Override
      public void failed() {
        loop.release(batch.size());
        done.accept(false);
      }
    });
  }

  /** With a durable store, a batch with alerts to journal is answered when the journal writer has written them. */
  @Override
  public boolean deferred(List<CorrelationService.Classified> batch) {
    return durable != null && anyHits(batch);
  }

  private static boolean anyHits(List<CorrelationService.Classified> batch) {
    for (CorrelationService.Classified c : batch) {
      if (!c.hits().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Journaled alerts (those that evidence a group) are stored as received. */
  @Override
  public boolean needsSource(List<GroupHit> hits) {
    return durable != null && !hits.isEmpty();
  }

  /** {@code not_durable} while the state store cannot be written (a full disk), else {@code queue_full}. */
  @Override
  public String refusalReason() {
    return durable != null && durable.failing() ? "not_durable" : "queue_full";
  }
}
