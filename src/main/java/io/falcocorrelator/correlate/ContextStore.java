package io.falcocorrelator.correlate;

/**
 * Where a {@link ContextTable}'s states live beyond the table's own memory: nowhere ({@link
 * #MEMORY}, {@code serve} without {@code state.dir}, {@code replay}), a crash-safe RocksDB store
 * ({@code serve} with {@code state.dir}), or a Kafka Streams state store. The table keeps the keys,
 * the use order and every state it has read; the store is told of every change and reads back the
 * states of contexts restored without them ({@link ContextTable#restoreStored}). Called only on the
 * table's thread.
 */
public interface ContextStore {
  /**
   * The stored state of a context restored without it.
   *
   * @return the state, or null when none is stored
   * @throws UnreadableStateException when a state is stored but cannot be decoded (the table then
   *     drops the context, counts it as {@link RemovalCause#UNREADABLE}, and tells {@link
   *     #removed})
   */
  ContextState load(ContextKey key);

  /** The context's state changed to {@code state} (a new context, or an update). */
  void stored(ContextKey key, ContextState state);

  /** The context left the table. */
  void removed(ContextKey key, RemovalCause cause);

  /**
   * True when the store may hold contexts the table was not told of (a Kafka Streams store,
   * restored from its changelog or written by an earlier instance): the table then looks a context
   * up here on a miss, before starting it afresh. False (the default) spares the lookup.
   */
  default boolean holdsUnindexed() {
    return false;
  }

  /** No store: states live only in the table. */
  ContextStore MEMORY =
      new ContextStore() {
        @Override
        public ContextState load(ContextKey key) {
          return null;
        }

        @Override
        public void stored(ContextKey key, ContextState state) {}

        @Override
        public void removed(ContextKey key, RemovalCause cause) {}

        @Override
        public String toString() {
          return "memory";
        }
      };

  /** A stored state that cannot be decoded; the message says which and why. */
  final class UnreadableStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreadableStateException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
