package io.falcocorrelator.correlate;

/**
 * The contexts of a {@link ContextTable}: a hash index from key to {@link Slot}, and the order in
 * which the slots were last used, for least-recently-used eviction and idle expiry.
 *
 * <p>Built for the hot path of a table with many contexts whose slots are out of the CPU cache
 * when their next alert arrives. An open-addressing table with the keys' hashes in a parallel
 * array: a lookup reads two arrays and one slot, where a {@code HashMap} reads a node and its key
 * too. Use order is an append-only ring of (slot, use number) instead of a linked list: marking a
 * slot used writes two array elements at the ring's end, where moving a node of an access-ordered
 * {@code LinkedHashMap} writes into its two neighbours, each another cache miss. A slot's older
 * entries in the ring are stale (their use number is not the slot's latest) and are skipped and
 * dropped when the ring is read or compacted, so the ring stays within twice the live slots plus
 * a constant, and every operation is amortized constant time.
 *
 * <p>Not thread-safe: owned by the table's thread.
 */
final class ContextIndex {
  /** One context: its key, its state (null until first read when restored lazily), its last use. */
  static final class Slot {
    final ContextKey key;
    final int hash;
    ContextState state;
    /** Processing time of the last mapped alert of a context restored lazily, until its state is read. */
    long storedLastSeenNanos;
    /** The slot's latest use number; -1 once removed. */
    long use;

    Slot(ContextKey key, int hash, ContextState state, long storedLastSeenNanos) {
      this.key = key;
      this.hash = hash;
      this.state = state;
      this.storedLastSeenNanos = storedLastSeenNanos;
    }

    long lastSeenNanos() {
      return state != null ? state.lastSeenNanos() : storedLastSeenNanos;
    }
  }

  private static final int MIN_CAPACITY = 64;
  private Slot[] slots = new Slot[MIN_CAPACITY];
  private int[] hashes = new int[MIN_CAPACITY];
  private int size;
  private Slot[] ring = new Slot[MIN_CAPACITY];
  private long[] ringUses = new long[MIN_CAPACITY];
  private int ringHead;
  private int ringCount;
  private long uses;

  int size() {
    return size;
  }

  Slot get(ContextKey key) {
    int h = spread(key.hashCode());
    int mask = slots.length - 1;
    for (int i = h & mask;; i = (i + 1) & mask) {
      Slot s = slots[i];
      if (s == null) {
        return null;
      }
      if (hashes[i] == h && s.key.equals(key)) {
        return s;
      }
    }
  }

  /** Adds a context as the most recently used; replaces the state of one already there. */
  Slot put(ContextKey key, ContextState state, long storedLastSeenNanos) {
    Slot existing = get(key);
    if (existing != null) {
      existing.state = state;
      existing.storedLastSeenNanos = storedLastSeenNanos;
      markUsed(existing);
      return existing;
    }
    if (size + 1 > slots.length >> 1) {
      rehash(slots.length << 1);
    }
    Slot s = new Slot(key, spread(key.hashCode()), state, storedLastSeenNanos);
    insert(s);
    size++;
    markUsed(s);
    return s;
  }

  /** Makes the slot the most recently used. */
  void markUsed(Slot s) {
    s.use = ++uses;
    if (ringCount == ring.length) {
      compactRing();
    }
    int at = (ringHead + ringCount) & (ring.length - 1);
    ring[at] = s;
    ringUses[at] = s.use;
    ringCount++;
  }

  /** The least recently used slot, or null when empty. */
  Slot eldest() {
    while (ringCount > 0) {
      Slot s = ring[ringHead];
      if (s.use == ringUses[ringHead]) {
        return s;
      }
      ring[ringHead] = null;
      ringHead = (ringHead + 1) & (ring.length - 1);
      ringCount--;
    }
    return null;
  }

  void remove(Slot s) {
    int mask = slots.length - 1;
    for (int i = s.hash & mask;; i = (i + 1) & mask) {
      if (slots[i] == null) {
        return;
      }
      if (slots[i] == s) {
        deleteAt(i);
        s.use = -1;
        size--;
        return;
      }
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

  /** Drops stale ring entries; grows the ring when more than half of it is live. */
  private void compactRing() {
    int live = 0;
    for (int k = 0; k < ringCount; k++) {
      int at = (ringHead + k) & (ring.length - 1);
      if (ring[at].use == ringUses[at]) {
        live++;
      }
    }
    int capacity = live > ring.length >> 1 ? ring.length << 1 : ring.length;
    Slot[] next = new Slot[capacity];
    long[] nextUses = new long[capacity];
    int n = 0;
    for (int k = 0; k < ringCount; k++) {
      int at = (ringHead + k) & (ring.length - 1);
      if (ring[at].use == ringUses[at]) {
        next[n] = ring[at];
        nextUses[n++] = ringUses[at];
      }
    }
    ring = next;
    ringUses = nextUses;
    ringHead = 0;
    ringCount = n;
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }
}
