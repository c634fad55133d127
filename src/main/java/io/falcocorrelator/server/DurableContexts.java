package io.falcocorrelator.server;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.ContextStore;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.RemovalCause;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.Classifier;
import io.falcocorrelator.store.CommitHook;
import io.falcocorrelator.store.RocksStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rocksdb.RocksDBException;

/**
 * The durability story of the single-node server in one place: the {@link ContextStore} a {@link
 * ContextTable} writes through when {@code state.dir} is set. It tracks what changed since the last
 * commit (states, removals, journal entries applied, composites emitted) and {@link #commit}s it in
 * one atomic write; it restores the stored contexts into a table at start (without reading their
 * states: they are read on first use) and replays the journal.
 *
 * <p>The guarantee: an alert answered 2xx is in the journal; its journal entry is deleted only in
 * the write that stores its effect; so after a crash, replaying the journal over the stored state
 * loses nothing answered 2xx and applies nothing twice. Not thread-safe: the correlator thread owns
 * it, as it owns the table.
 */
final class DurableContexts implements ContextStore {
  private final DurableState state;
  private final List<CommitHook> hooks;
  private final Consumer<String> warn;
  private final Map<ContextKey, ContextState> changed = new LinkedHashMap<>();
  private final Set<ContextKey> removed = new LinkedHashSet<>();

  /** Journal entries applied since the last commit: deleted in that commit. */
  private final List<Long> appliedSeqs = new ArrayList<>();

  /** Composites emitted since the last commit: their hooks' writes join it. */
  private final List<CompositeAlert> composites = new ArrayList<>();

  DurableContexts(DurableState state, List<CommitHook> hooks, Consumer<String> warn) {
    this.state = state;
    this.hooks = hooks;
    this.warn = warn;
  }

  @Override
  public ContextState load(ContextKey key) {
    try {
      return state.contexts().load(key);
    } catch (UnreadableStateException e) {
      warn.accept(e.getMessage());
      throw e;
    }
  }

  @Override
  public void stored(ContextKey key, ContextState s) {
    changed.put(key, s);
    removed.remove(key);
  }

  @Override
  public void removed(ContextKey key, RemovalCause cause) {
    changed.remove(key);
    removed.add(key);
  }

  /** The journal entry {@code seq} has been applied to the table: deleted at the next commit. */
  void applied(long seq) {
    appliedSeqs.add(seq);
  }

  /** A composite emitted since the last commit. */
  void emitted(CompositeAlert c) {
    composites.add(c);
  }

  /**
   * Stores, in one atomic write, what changed since the last commit, deletes the journal entries
   * applied, and adds the hooks' writes for the composites emitted. When the store cannot be
   * written everything is kept for the next call that succeeds; meanwhile the journal still holds
   * the alerts.
   *
   * @return false when the write failed
   */
  boolean commit() {
    if (appliedSeqs.isEmpty() && changed.isEmpty() && removed.isEmpty() && composites.isEmpty()) {
      return true;
    }
    try {
      state
          .rocks()
          .write(
              false,
              w -> {
                changed.forEach((k, s) -> StoredContexts.put(w, k, s));
                removed.forEach(k -> StoredContexts.delete(w, k));
                Journal.applied(w, appliedSeqs);
                if (!composites.isEmpty()) {
                  for (CommitHook h : hooks) {
                    hookWrites(h, w);
                  }
                }
              });
    } catch (RocksDBException e) {
      return false;
    }
    appliedSeqs.clear();
    changed.clear();
    removed.clear();
    if (!composites.isEmpty()) {
      List<CompositeAlert> done = List.copyOf(composites);
      composites.clear();
      CommitHook.notify(hooks, done, warn);
    }
    return true;
  }

  /**
   * A hook's writes join the commit only when it returns normally: one that throws loses its own
   * writes for this commit (reported), never the state change, which the journal cannot wait for.
   */
  private void hookWrites(CommitHook hook, RocksStore.Writes w) {
    List<Runnable> ops = new ArrayList<>();
    try {
      hook.write(
          composites,
          new RocksStore.Writes() {
            @Override
            public void put(String family, byte[] key, byte[] value) {
              ops.add(() -> w.put(family, key, value));
            }

            @Override
            public void delete(String family, byte[] key) {
              ops.add(() -> w.delete(family, key));
            }
          });
    } catch (RuntimeException e) {
      warn.accept(
          "commit hook "
              + hook
              + " failed, its writes for "
              + composites.size()
              + " composite(s) skipped: "
              + e);
      return;
    }
    ops.forEach(Runnable::run);
  }

  /**
   * Puts the stored contexts back into {@code table} (built over this store), least recently
   * processed first, without reading their states.
   *
   * @return how many
   */
  int restore(ContextTable table) throws RocksDBException {
    List<StoredContexts.Stored> stored = state.contexts().index(warn);
    for (StoredContexts.Stored s : stored) {
      table.restoreStored(s.key(), s.lastProcessedAt());
    }
    return stored.size();
  }

  /**
   * Replays the journal (alerts accepted before a crash but not applied) through {@code table},
   * committing after each; composites they complete go to {@code sink} as usual.
   *
   * @return how many entries
   */
  int replay(
      ContextTable table,
      AlertReader reader,
      Supplier<Classifier> classifier,
      Consumer<CompositeAlert> sink)
      throws RocksDBException {
    List<Journal.Pending> pending = state.journal().pending();
    for (Journal.Pending p : pending) {
      try {
        FalcoAlert alert = reader.parseOne(p.alert());
        table.process(alert, classifier.get().classify(alert), sink);
      } catch (RuntimeException e) {
        warn.accept("journal entry " + p.seq() + " unreadable, dropped: " + e);
      }
      applied(p.seq());
      commit();
    }
    return pending.size();
  }
}
