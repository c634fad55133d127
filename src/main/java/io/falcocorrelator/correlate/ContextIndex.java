package io.falcocorrelator.correlate;

/**
 * The contexts of a {@link ContextTable}: a hash index from key to {@link Slot}, and the order in
 * which the slots were last used, for least-recently-used eviction and idle expiry.
 *
 * <p>Built for the hot path of a table with many contexts whose slots are out of the CPU cache
 * when their next alert arrives, where every object read is a cache miss. The index is open
 * addressing with the keys' hashes in a parallel array, and a slot holds its key's parts itself,
 * container ids of up to 15 characters packed into two {@code long}s: a lookup reads two arrays and
 * the slot, where a {@code HashMap} reads a node, a key object, the id string and its bytes. The use order is a doubly linked list whose links are two {@code int}
 * arrays indexed by slot number, not fields of the slots: marking a slot used rewrites array
 * elements that stay in the cache, where moving a node of an access-ordered {@code LinkedHashMap}
 * writes into its two neighbour nodes, each another miss.
 *
 * <p>Not thread-safe: owned by the table's thread.
 */
final class ContextIndex {
  /** One context: its key, its state (null until first read when restored lazily), its last use. */
  static final class Slot {
    final ContextKey key;
    /** The container id's characters when it fits {@link PackedId}: compared without reading the string. */
    private final long id0;
    private final long id1;
    private final String hostname;
    private final String scope;
    final int hash;
    /** This slot's number: its place in the use-order link arrays. */
    final int number;
    ContextState state;
    /** Processing time of the last mapped alert of a context restored lazily, until its state is read. */
    long storedLastSeenNanos;

    Slot(ContextKey key, PackedId id, int hash, int number, ContextState state, long storedLastSeenNanos) {
      this.key = key;
      this.id0 = id.first;
      this.id1 = id.second;
      this.hostname = key.hostname();
      this.scope = key.scope();
      this.hash = hash;
      this.number = number;
      this.state = state;
      this.storedLastSeenNanos = storedLastSeenNanos;
    }

    long lastSeenNanos() {
      return state != null ? state.lastSeenNanos() : storedLastSeenNanos;
    }

    /**
     * Container id first: it differs between keys far more often than the hostname, which is
     * usually the same shared string (an identity test, no read).
     */
    boolean holds(ContextKey k, PackedId id) {
      boolean sameId = id.packed() ? id.first == id0 && id.second == id1 : id1 == UNPACKED && key.containerId().equals(k.containerId());
      return sameId && hostname.equals(k.hostname()) && scope.equals(k.scope());
    }
  }

  /**
   * A container id of at most 15 characters below U+0100 (Falco's ids are 12 hex digits), as two
   * longs: its characters, one per byte, and its length in the top byte of the second.
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

  /** A second long no packed id has: its length byte would be 255. */
  private static final long UNPACKED = -1L;

  private static final int MIN_CAPACITY = 64;
  private static final int NONE = -1;
  private Slot[] slots = new Slot[MIN_CAPACITY];
  private int[] hashes = new int[MIN_CAPACITY];
  private int size;
  /** Slots by number, and the use order's links by number; numbers of removed slots are reused. */
  private Slot[] byNumber = new Slot[MIN_CAPACITY];
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

  Slot get(ContextKey key) {
    return get(key, new PackedId(key.containerId()));
  }

  private Slot get(ContextKey key, PackedId id) {
    int h = spread(key.hashCode());
    int mask = slots.length - 1;
    for (int i = h & mask;; i = (i + 1) & mask) {
      Slot s = slots[i];
      if (s == null) {
        return null;
      }
      if (hashes[i] == h && s.holds(key, id)) {
        return s;
      }
    }
  }

  /** Adds a context as the most recently used; replaces the state of one already there. */
  Slot put(ContextKey key, ContextState state, long storedLastSeenNanos) {
    PackedId id = new PackedId(key.containerId());
    Slot existing = get(key, id);
    if (existing != null) {
      existing.state = state;
      existing.storedLastSeenNanos = storedLastSeenNanos;
      markUsed(existing);
      return existing;
    }
    if (size + 1 > slots.length >> 1) {
      rehash(slots.length << 1);
    }
    Slot s = new Slot(key, id, spread(key.hashCode()), takeNumber(), state, storedLastSeenNanos);
    insert(s);
    byNumber[s.number] = s;
    size++;
    link(s.number);
    return s;
  }

  /** Makes the slot the most recently used. */
  void markUsed(Slot s) {
    if (youngest != s.number) {
      unlink(s.number);
      link(s.number);
    }
  }

  /** The least recently used slot, or null when empty. */
  Slot eldest() {
    return eldest == NONE ? null : byNumber[eldest];
  }

  void remove(Slot s) {
    int mask = slots.length - 1;
    for (int i = s.hash & mask;; i = (i + 1) & mask) {
      if (slots[i] == null) {
        return;
      }
      if (slots[i] == s) {
        deleteAt(i);
        unlink(s.number);
        byNumber[s.number] = null;
        freeNumbers[freeCount++] = s.number;
        size--;
        return;
      }
    }
  }

  private int takeNumber() {
    if (freeCount > 0) {
      return freeNumbers[--freeCount];
    }
    if (nextNumber == byNumber.length) {
      int capacity = byNumber.length << 1;
      byNumber = java.util.Arrays.copyOf(byNumber, capacity);
      newer = java.util.Arrays.copyOf(newer, capacity);
      older = java.util.Arrays.copyOf(older, capacity);
      freeNumbers = java.util.Arrays.copyOf(freeNumbers, capacity);
    }
    return nextNumber++;
  }

  /** Appends a slot number as the youngest. */
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

  private void insert(Slot s) {
    int mask = slots.length - 1;
    int i = s.hash & mask;
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = s;
    hashes[i] = s.hash;
  }

  /** Linear-probing deletion without tombstones: later entries of the probe run move back. */
  private void deleteAt(int hole) {
    int mask = slots.length - 1;
    slots[hole] = null;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = hashes[j] & mask;
      // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
      boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!stays) {
        slots[hole] = slots[j];
        hashes[hole] = hashes[j];
        slots[j] = null;
        hole = j;
      }
    }
  }

  private void rehash(int capacity) {
    Slot[] old = slots;
    slots = new Slot[capacity];
    hashes = new int[capacity];
    for (Slot s : old) {
      if (s != null) {
        insert(s);
      }
    }
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }
}
