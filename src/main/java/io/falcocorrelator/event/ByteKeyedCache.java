package io.falcocorrelator.event;

import java.util.Arrays;

/**
 * A direct-mapped cache of values keyed by byte ranges of the input, for values that repeat across
 * alerts (names, rule names, tag lists): a hit costs a hash and a comparison, eight bytes per step,
 * and no allocation. A new key replaces whatever shared its slot, so a flood of distinct
 * (attacker-chosen) keys costs only misses, never memory. Thread-safe without locks: entries are
 * immutable, and a racing replacement only loses a hit.
 */
final class ByteKeyedCache<V> {
  private static final int SLOTS = 4096;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private final Entry<V>[] slots = new Entry[SLOTS];

  /** A key's bytes and its value. */
  static final class Entry<V> {
    private final byte[] key;
    final V value;

    private Entry(byte[] key, V value) {
      this.key = key;
      this.value = value;
    }

    /**
     * Whether this entry's key is {@code b[offset, offset + length)}; the caller checked the range.
     */
    boolean matches(byte[] b, int offset, int length) {
      return key.length == length && AsciiBytes.same(key, b, offset);
    }

    /**
     * Whether {@code b} holds this entry's key at {@code offset} followed by {@code closing},
     * before {@code end}: a known JSON string recognized without first scanning for its end.
     */
    boolean matchesBefore(byte[] b, int offset, int end, byte closing) {
      int stop = offset + key.length;
      return stop < end && b[stop] == closing && AsciiBytes.same(key, b, offset);
    }

    /**
     * Whether {@code b} holds this entry's key at {@code offset}, ending at or before {@code end}.
     */
    boolean matchesAt(byte[] b, int offset, int end) {
      return offset + key.length <= end && AsciiBytes.same(key, b, offset);
    }

    /** The key's length in bytes. */
    int length() {
      return key.length;
    }
  }

  /** An entry outside any cache, for callers that keep their own (such as one per position). */
  static <V> Entry<V> entry(byte[] b, int offset, int length, V value) {
    return new Entry<>(Arrays.copyOfRange(b, offset, offset + length), value);
  }

  /** The entry whose key is {@code b[offset, offset + length)}, or null. */
  Entry<V> find(byte[] b, int offset, int length) {
    Entry<V> cached = slots[slot(b, offset, length)];
    return cached != null && cached.matches(b, offset, length) ? cached : null;
  }

  /** Caches {@code value} under {@code b[offset, offset + length)}, replacing its slot's entry. */
  Entry<V> put(byte[] b, int offset, int length, V value) {
    Entry<V> fresh = entry(b, offset, length, value);
    slots[slot(b, offset, length)] = fresh;
    return fresh;
  }

  private static int slot(byte[] b, int offset, int length) {
    return AsciiBytes.hash(b, offset, offset + length) & (SLOTS - 1);
  }
}
