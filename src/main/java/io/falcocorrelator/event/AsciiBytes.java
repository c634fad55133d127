package io.falcocorrelator.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Word-at-a-time reads of byte arrays: eight bytes per load, for scanning and hashing JSON text.
 */
final class AsciiBytes {
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  private AsciiBytes() {}

  /** The eight bytes at {@code i}, the first in the lowest byte. */
  static long word(byte[] b, int i) {
    return (long) WORDS.get(b, i);
  }

  /** A well-mixed hash of {@code b[from, to)}, eight bytes per step. */
  static int hash(byte[] b, int from, int to) {
    long h = (to - from) * MIX;
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      h = (h ^ word(b, i)) * MIX;
      h ^= h >>> 29;
    }
    if (i < to) {
      long tail;
      if (to - from >= Long.BYTES) {
        tail = word(b, to - Long.BYTES);
      } else {
        tail = 0;
        for (int j = i; j < to; j++) {
          tail = tail << 8 | (b[j] & 0xff);
        }
      }
      h = (h ^ tail) * MIX;
    }
    return (int) (h ^ (h >>> 32));
  }

  /**
   * Whether {@code b[off, off + a.length)} holds the bytes of {@code a}; the caller checked the
   * range.
   */
  static boolean same(byte[] a, byte[] b, int off) {
    int n = a.length;
    int i = 0;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      if (word(a, i) != word(b, off + i)) {
        return false;
      }
    }
    if (i < n && n >= Long.BYTES) {
      // The tail as the last eight bytes, overlapping what was compared: no byte loop.
      return word(a, n - Long.BYTES) == word(b, off + n - Long.BYTES);
    }
    for (; i < n; i++) {
      if (a[i] != b[off + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the first {@code target} byte in {@code b[from, to)}, or {@code to}: eight bytes
   * per step (a newline search over a whole body is otherwise a byte loop per request). The lowest
   * byte the zero-byte test flags is always a true match, so the index is exact.
   */
  static int indexOf(byte[] b, int from, int to, byte target) {
    long pattern = (target & 0xffL) * ONES;
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = word(b, i) ^ pattern;
      long found = (x - ONES) & ~x & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (i < to && b[i] != target) {
      i++;
    }
    return i;
  }

  /**
   * The first byte in {@code b[i, to)} that ends plain JSON string text: a quote, a backslash, a
   * control character or a byte that is not ASCII; {@code to} when none. Eight bytes per step: each
   * test marks the high bit of a byte that matches, and borrows only run above a match, so "any
   * match in this word" is exact.
   */
  static int plainTextEnd(byte[] b, int i, int to) {
    while (i + Long.BYTES <= to) {
      long w = word(b, i);
      long quote = w ^ QUOTES;
      long backslash = w ^ BACKSLASHES;
      long special =
          (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((w - SPACES) & ~w) | w)
              & HIGH_BITS;
      if (special != 0) {
        // The lowest marked byte is a true match (a borrow only marks bytes above one): most
        // strings are short, and finding it byte by byte was a third of the parse.
        return i + (Long.numberOfTrailingZeros(special) >>> 3);
      }
      i += Long.BYTES;
    }
    while (i < to) {
      int c = b[i];
      if (c == '"' || c == '\\' || c < 0x20) {
        return i;
      }
      i++;
    }
    return to;
  }
}
