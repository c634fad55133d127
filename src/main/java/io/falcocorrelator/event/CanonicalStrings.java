package io.falcocorrelator.event;

import java.nio.charset.StandardCharsets;

/**
 * One shared {@link String} per distinct value of a low-cardinality alert field (rule name, source,
 * hostname, tags; field names when interned), read straight from the parser's buffer: Jackson's
 * characters, or the request's bytes for {@link FlatAlertParser}.
 *
 * <p>Why: a deployment has a few hundred rule names and one hostname per node, yet every alert
 * would otherwise carry fresh copies. A shared instance is not allocated, has its hash cached, and
 * compares by identity, so the classifier's rule index and the correlator's context lookup read
 * memory that is already in cache instead of each alert's own cold copy.
 *
 * <p>A direct-mapped cache of fixed size: a new value replaces whatever shared its slot, so a flood
 * of distinct (attacker-chosen) values costs only misses, never memory. Thread-safe without locks:
 * slots hold immutable strings, and a racing replacement only loses a cache hit. Values longer than
 * {@link #MAX_LENGTH} are not cached.
 */
final class CanonicalStrings {
  static final int MAX_LENGTH = 256;
  private static final int SLOTS = 4096;
  private final String[] slots = new String[SLOTS];

  /** ASCII text read from bytes, keyed by the bytes: hashed and compared eight bytes per step. */
  private final ByteKeyedCache<String> ascii = new ByteKeyedCache<>();

  private final boolean interned;

  CanonicalStrings() {
    this(false);
  }

  /**
   * @param interned whether new instances are {@link String#intern() interned} (for field names)
   */
  CanonicalStrings(boolean interned) {
    this.interned = interned;
  }

  /** The shared instance equal to {@code chars[offset, offset + length)}. */
  String of(char[] chars, int offset, int length) {
    if (length > MAX_LENGTH) {
      return uncached(new String(chars, offset, length));
    }
    int h = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      h = 31 * h + chars[i];
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    String cached = slots[slot];
    if (cached != null
        && cached.length() == length
        && cached.hashCode() == h
        && sameChars(cached, chars, offset)) {
      return cached;
    }
    return remember(slot, new String(chars, offset, length));
  }

  /**
   * The shared instance equal to ASCII {@code bytes[offset, offset + length)}. A table of its own,
   * keyed by the bytes, so a lookup hashes and compares eight bytes per step instead of one
   * character.
   */
  String ofAscii(byte[] bytes, int offset, int length) {
    return length > MAX_LENGTH
        ? uncached(new String(bytes, offset, length, StandardCharsets.ISO_8859_1))
        : asciiEntry(bytes, offset, length).value;
  }

  /** As {@link #ofAscii}, answering the cache entry; at most {@link #MAX_LENGTH} bytes. */
  ByteKeyedCache.Entry<String> asciiEntry(byte[] bytes, int offset, int length) {
    ByteKeyedCache.Entry<String> cached = ascii.find(bytes, offset, length);
    return cached != null
        ? cached
        : ascii.put(
            bytes,
            offset,
            length,
            uncached(new String(bytes, offset, length, StandardCharsets.ISO_8859_1)));
  }

  private String remember(int slot, String fresh) {
    String s = uncached(fresh);
    slots[slot] = s;
    return s;
  }

  private String uncached(String fresh) {
    return interned ? fresh.intern() : fresh;
  }

  private static boolean sameChars(String s, char[] chars, int offset) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }
}
