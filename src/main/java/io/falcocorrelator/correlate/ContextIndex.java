package io.falcocorrelator.correlate;

import java.util.Arrays;

/**
 * The contexts of a {@link ContextTable}: a hash index from key to state, and the order in which
 * the contexts were last used, for least-recently-used eviction and idle expiry. A context is
 * addressed by its position, an {@code int} valid until the next {@link #put} or {@link #remove}.
 *
 * <p>Built for the hot path of a table with many contexts whose entries are out of the CPU cache
 * when their next alert arrives, where every memory read that depends on the one before costs a
 * full miss. Open addressing over two parallel arrays, both indexed by position: one of {@code
 * long}s (the key's hash and the context's number, and its container id packed into two {@code
 * long}s: Falco's ids are 12 characters) and one of references (the state, the hostname, the
 * scope). Finding a context and its state reads one place in each array, side by side, then the
 * state: one dependent read, where a {@code HashMap} reads a table, a node, a key object, the id
 * string and the value in turn. The use order is a doubly linked list of context numbers in {@code
 * int} arrays: marking a context used rewrites a few array elements, where moving a node of an
 * access-ordered {@code LinkedHashMap} writes into its two neighbour nodes, each another miss.
 *
 * <p>Not thread-safe: owned by the table's thread.
 */
final class ContextIndex {
  static final int ABSENT = -1;

  /** What an entry keeps out of the hot arrays: read on eviction, expiry, lazy loading. */
  private static final class Cold {
    final ContextKey key;

    /**
     * Processing time of the last mapped alert of a context restored lazily, until its state is
     * read.
     */
    long storedLastProcessedNanos;

    Cold(ContextKey key, long storedLastProcessedNanos) {
      this.key = key;
      this.storedLastProcessedNanos = storedLastProcessedNanos;
    }
  }

  /**
   * A container id of at most 15 characters below U+0100, as two longs: its characters, one per
   * byte, and its length in the top byte of the second.
   */
  private static final class PackedId {
    final long first;
    final long second;

    PackedId(String id) {
      int n = id.length();
      long a = 0;
      long b = 0;
      boolean fits = n <= 15;
      for (int i = 0; fits && i < n; i++) {
        char c = id.charAt(i);
        fits = c < 0x100;
        if (i < 8) {
          a |= (long) c << (8 * i);
        } else {
          b |= (long) c << (8 * (i - 8));
        }
      }
      first = fits ? a : 0;
      second = fits ? b | (long) n << 56 : UNPACKED;
    }

    boolean packed() {
      return second != UNPACKED;
    }
  }

  /** The second word of an id that is not packed: a packed one's length byte is at most 15. */
  private static final long UNPACKED = -1L;

  private static final int WORDS = 3;
  private static final int REFS = 4;
  private static final int MIN_CAPACITY = 64;
  private static final int NONE = -1;

  /** Per position: the hash in the high half and the number in the low half; the id's two words. */
  private long[] words = new long[WORDS * MIN_CAPACITY];

  /**
   * Per position: the state (null until read, for a lazily restored context), cold part (null:
   * free), hostname, scope.
   */
  private Object[] refs = new Object[REFS * MIN_CAPACITY];

  private int capacity = MIN_CAPACITY;
  private int size;

  /**
   * Per context number: its position, and its links in the use order; numbers of removed contexts
   * are reused.
   */
  private int[] positionOf = new int[MIN_CAPACITY];

  private int[] newer = new int[MIN_CAPACITY];
  private int[] older = new int[MIN_CAPACITY];
  private int[] freeNumbers = new int[MIN_CAPACITY];
  private int freeCount;
  private int nextNumber;
  private int eldest = NONE;
  private int youngest = NONE;

  int size() {
    return size;
  }

  /** The position of the key's context, or {@link #ABSENT}. */
  int find(ContextKey key) {
    return find(key, new PackedId(key.containerId()));
  }

  private int find(ContextKey key, PackedId id) {
    int h = spread(key.hashCode());
    int mask = capacity - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      if (refs[REFS * i + 1] == null) {
        return ABSENT;
      }
      if ((int) (words[WORDS * i] >>> 32) == h && holds(i, key, id)) {
        return i;
      }
    }
  }

  /**
   * Container id first: it differs far more often than the hostname, usually one shared string (an
   * identity test).
   */
  private boolean holds(int i, ContextKey k, PackedId id) {
    boolean sameId =
        id.packed()
            ? words[WORDS * i + 1] == id.first && words[WORDS * i + 2] == id.second
            : words[WORDS * i + 2] == UNPACKED && cold(i).key.containerId().equals(k.containerId());
    return sameId
        && refs[REFS * i + 2].equals(k.hostname())
        && refs[REFS * i + 3].equals(k.scope());
  }

  ContextState state(int at) {
    return (ContextState) refs[REFS * at];
  }

  void setState(int at, ContextState state) {
    refs[REFS * at] = state;
  }

  ContextKey key(int at) {
    return cold(at).key;
  }

  long lastProcessedNanos(int at) {
    ContextState state = state(at);
    return state != null ? state.lastProcessedNanos() : cold(at).storedLastProcessedNanos;
  }

  private Cold cold(int at) {
    return (Cold) refs[REFS * at + 1];
  }

  private int number(int at) {
    return (int) words[WORDS * at];
  }

  /**
   * Adds a context as the most recently used, or replaces the state of the one there (and makes it
   * the most recently used).
   *
   * @param state null for a context restored lazily: then {@code storedLastProcessedNanos} dates it
   * @return its position
   */
  int put(ContextKey key, ContextState state, long storedLastProcessedNanos) {
    PackedId id = new PackedId(key.containerId());
    int existing = find(key, id);
    if (existing != ABSENT) {
      setState(existing, state);
      cold(existing).storedLastProcessedNanos = storedLastProcessedNanos;
      markUsed(existing);
      return existing;
    }
    if (size + 1 > capacity >> 1) {
      rehash(capacity << 1);
    }
    int number = takeNumber();
    int h = spread(key.hashCode());
    int at = freePosition(h);
    words[WORDS * at] = (long) h << 32 | (number & 0xffffffffL);
    words[WORDS * at + 1] = id.first;
    words[WORDS * at + 2] = id.second;
    refs[REFS * at] = state;
    refs[REFS * at + 1] = new Cold(key, storedLastProcessedNanos);
    refs[REFS * at + 2] = key.hostname();
    refs[REFS * at + 3] = key.scope();
    positionOf[number] = at;
    size++;
    link(number);
    return at;
  }

  /** Makes the context the most recently used. */
  void markUsed(int at) {
    int n = number(at);
    if (youngest != n) {
      unlink(n);
      link(n);
    }
  }

  /** The position of the least recently used context, or {@link #ABSENT} when empty. */
  int eldest() {
    return eldest == NONE ? ABSENT : positionOf[eldest];
  }

  /** The position of the most recently used context, or {@link #ABSENT} when empty. */
  int youngest() {
    return youngest == NONE ? ABSENT : positionOf[youngest];
  }

  /** The position of the context used just before the one at {@code at}, or {@link #ABSENT}. */
  int olderThan(int at) {
    int o = older[number(at)];
    return o == NONE ? ABSENT : positionOf[o];
  }

  void remove(int at) {
    int n = number(at);
    unlink(n);
    freeNumbers[freeCount++] = n;
    deleteAt(at);
    size--;
  }

  private int freePosition(int h) {
    int mask = capacity - 1;
    int i = h & mask;
    while (refs[REFS * i + 1] != null) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Linear-probing deletion without tombstones: later entries of the probe run move back. */
  private void deleteAt(int hole) {
    int mask = capacity - 1;
    clear(hole);
    for (int j = (hole + 1) & mask; refs[REFS * j + 1] != null; j = (j + 1) & mask) {
      int home = (int) (words[WORDS * j] >>> 32) & mask;
      // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
      boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!stays) {
        System.arraycopy(words, WORDS * j, words, WORDS * hole, WORDS);
        System.arraycopy(refs, REFS * j, refs, REFS * hole, REFS);
        positionOf[number(hole)] = hole;
        clear(j);
        hole = j;
      }
    }
  }

  private void clear(int at) {
    Arrays.fill(refs, REFS * at, REFS * at + REFS, null);
  }

  private void rehash(int newCapacity) {
    long[] oldWords = words;
    Object[] oldRefs = refs;
    int oldCapacity = capacity;
    words = new long[WORDS * newCapacity];
    refs = new Object[REFS * newCapacity];
    capacity = newCapacity;
    for (int i = 0; i < oldCapacity; i++) {
      if (oldRefs[REFS * i + 1] != null) {
        int at = freePosition((int) (oldWords[WORDS * i] >>> 32));
        System.arraycopy(oldWords, WORDS * i, words, WORDS * at, WORDS);
        System.arraycopy(oldRefs, REFS * i, refs, REFS * at, REFS);
        positionOf[number(at)] = at;
      }
    }
  }

  private int takeNumber() {
    if (freeCount > 0) {
      return freeNumbers[--freeCount];
    }
    if (nextNumber == positionOf.length) {
      int n = positionOf.length << 1;
      positionOf = Arrays.copyOf(positionOf, n);
      newer = Arrays.copyOf(newer, n);
      older = Arrays.copyOf(older, n);
      freeNumbers = Arrays.copyOf(freeNumbers, n);
    }
    return nextNumber++;
  }

  /** Appends a context number as the youngest. */
  private void link(int n) {
    older[n] = youngest;
    newer[n] = NONE;
    if (youngest == NONE) {
      eldest = n;
    } else {
      newer[youngest] = n;
    }
    youngest = n;
  }

  private void unlink(int n) {
    int o = older[n];
    int y = newer[n];
    if (o == NONE) {
      eldest = y;
    } else {
      newer[o] = y;
    }
    if (y == NONE) {
      youngest = o;
    } else {
      older[y] = o;
    }
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }
}
