package io.falcocorrelator.store;

import io.falcocorrelator.correlate.CompositeAlert;
import java.util.List;

/**
 * Lets a component store what it derives from composites in the <em>same atomic write</em> as the
 * state change that produced them (an incident store: "one atomic write with the state change that
 * produced the composite"). Register it with {@link CorrelationService#addCommitHook} before {@link
 * CorrelationService#recover}.
 *
 * <p>The correlator thread commits once per batch of alerts it took from its queue. With a durable
 * store ({@code state.dir}), a commit is one RocksDB {@code WriteBatch} holding the changed context
 * states, the deleted journal entries and, through {@link #write}, this hook's puts (in a column
 * family of its own: create it with {@link RocksStore#ensureFamily}, read it with {@link
 * RocksStore#get} and {@link RocksStore#scan}). Either all of it is stored or none of it: after a
 * crash the journal is replayed, the same composites are produced again (same ids) and written
 * again. When the write fails (a full disk), the composites are kept and offered again, with later
 * ones, at the next commit: so {@link #write} must be idempotent (a put keyed by the composite id
 * is). Without a durable store only {@link #committed} is called.
 *
 * <p>Both methods run on the correlator thread, only for commits with at least one composite, in
 * emission order; they must be quick and must not block (they delay correlation).
 */
public interface CommitHook {
  /** Adds this component's puts and deletes for {@code composites} to the commit's atomic write. */
  default void write(List<CompositeAlert> composites, RocksStore.Writes writes) {}

  /**
   * After the commit holding {@code composites} is stored (or, without a durable store, after the
   * batch).
   */
  default void committed(List<CompositeAlert> composites) {}

  /** Tells each hook of a commit; one that throws is reported and does not stop the others. */
  public static void notify(
      List<CommitHook> hooks,
      List<CompositeAlert> composites,
      java.util.function.Consumer<String> warn) {
    for (CommitHook h : hooks) {
      try {
        h.committed(composites);
      } catch (RuntimeException e) {
        warn.accept("commit hook " + h + " failed after a commit: " + e);
      }
    }
  }
}
