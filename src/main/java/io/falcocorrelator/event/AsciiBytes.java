package io.falcocorrelator.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Word-at-a-time reads of byte arrays: eight bytes per load, for scanning and hashing JSON text. */
final class AsciiBytes {
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MIX = 0x9E3779B97F4A7C15L;

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

  /** Whether {@code b[off, off + a.length)} holds the bytes of {@code a}; the caller checked the range. */
  static boolean same(byte[] a, byte[] b, int off) {
    int n = a.length;
    int i = 0;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      if (word(a, i) != word(b, off + i)) {
        return false;
      }
    }
    for (; i < n; i++) {
      if (a[i] != b[off + i]) {
        return false;
      }
    }
    return true;
  }
}
