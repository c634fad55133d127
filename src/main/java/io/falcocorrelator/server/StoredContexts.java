package io.falcocorrelator.server;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.ContextStore;
import io.falcocorrelator.correlate.codec.StateCodec;
import io.falcocorrelator.store.RocksStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;

/**
 * The stored contexts, in two families: {@value #STATES}, each context's {@link StateCodec} value;
 * {@value #INDEX}, per context its key and last processing time (a few dozen bytes). A restart
 * reads only the index and reads a context's state when it is first needed: ready in about a second
 * with 100,000 contexts, instead of decoding them all first.
 */
public final class StoredContexts {
  static final String STATES = RocksStore.CONTEXT_STATES;
  static final String INDEX = RocksStore.CONTEXT_INDEX;
  private final RocksStore store;

  /** A stored context, from the index: its key and when it last processed a mapped alert. */
  public record Stored(ContextKey key, Instant lastProcessedAt) {}

  StoredContexts(RocksStore store) {
    this.store = store;
  }

  /**
   * Every stored context from the index, least recently processed first. An unreadable index entry
   * is reported through {@code warn} and its context deleted.
   */
  public List<Stored> index(Consumer<String> warn) throws RocksDBException {
    List<Stored> out = new ArrayList<>();
    List<byte[]> unreadable = new ArrayList<>();
    store.scan(
        INDEX,
        null,
        (k, v) -> {
          try {
            out.add(readIndexEntry(v));
          } catch (RuntimeException e) {
            warn.accept("context index entry unreadable, context dropped: " + e);
            unreadable.add(k);
          }
          return true;
        });
    if (!unreadable.isEmpty()) {
      store.write(false, w -> unreadable.forEach(k -> delete(w, k)));
    }
    out.sort(Comparator.comparing(Stored::lastProcessedAt));
    return out;
  }

  /**
   * The stored state of one context, or null when there is none.
   *
   * @throws ContextStore.UnreadableStateException when it cannot be read or decoded
   */
  public ContextState load(ContextKey key) {
    byte[] bytes;
    try {
      bytes = store.get(STATES, key(key));
    } catch (RocksDBException e) {
      throw new ContextStore.UnreadableStateException(
          "stored context " + key + " cannot be read: " + e.getMessage(), e);
    }
    if (bytes == null) {
      return null;
    }
    try {
      return StateCodec.decode(bytes);
    } catch (StateCodec.StateCodecException e) {
      throw new ContextStore.UnreadableStateException(
          "stored context " + key + " dropped: " + e.getMessage(), e);
    }
  }

  /** Adds a context's new state (and its index entry) to a write. */
  static void put(RocksStore.Writes w, ContextKey key, ContextState state) {
    byte[] k = key(key);
    w.put(STATES, k, StateCodec.encode(state));
    w.put(INDEX, k, indexEntry(state));
  }

  /** Adds a context's removal to a write. */
  static void delete(RocksStore.Writes w, ContextKey key) {
    delete(w, key(key));
  }

  private static void delete(RocksStore.Writes w, byte[] k) {
    w.delete(STATES, k);
    w.delete(INDEX, k);
  }

  /**
   * Last processing time (epoch ms) then hostname, container id and scope, each length-prefixed
   * UTF-8.
   */
  static byte[] indexEntry(ContextState s) {
    byte[] host = s.key().hostname().getBytes(StandardCharsets.UTF_8);
    byte[] id = s.key().containerId().getBytes(StandardCharsets.UTF_8);
    byte[] scope = s.key().scope().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + 12 + host.length + id.length + scope.length)
        .putLong(s.lastProcessedAt().toEpochMilli())
        .putInt(host.length)
        .put(host)
        .putInt(id.length)
        .put(id)
        .putInt(scope.length)
        .put(scope)
        .array();
  }

  static Stored readIndexEntry(byte[] entry) {
    ByteBuffer b = ByteBuffer.wrap(entry);
    Instant lastProcessedAt = Instant.ofEpochMilli(b.getLong());
    return new Stored(new ContextKey(utf8(b), utf8(b), utf8(b)), lastProcessedAt);
  }

  private static String utf8(ByteBuffer b) {
    byte[] bytes = new byte[b.getInt()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] key(ContextKey k) {
    return (k.hostname() + '\u0000' + k.containerId() + '\u0000' + k.scope())
        .getBytes(StandardCharsets.UTF_8);
  }
}
