package io.falcocorrelator.correlate;

import java.util.Arrays;

/**
 * The last N alert fingerprints seen in a context, oldest first; an immutable value. Used to drop
 * the same alert delivered twice (Falco and Falcosidekick both pointed here, a retried batch, a
 * replayed file).
 */
public final class RecentFingerprints {
  public static final RecentFingerprints EMPTY = new RecentFingerprints(new long[0]);
  private final long[] values;

  private RecentFingerprints(long[] values) {
    this.values = values;
  }

  public static RecentFingerprints of(long[] values) {
    return new RecentFingerprints(values.clone());
  }

  public boolean contains(long fingerprint) {
    for (long v : values) {
      if (v == fingerprint) {
        return true;
      }
    }
    return false;
  }

  /** A copy with {@code fingerprint} added, keeping at most {@code capacity}. */
  public RecentFingerprints with(long fingerprint, int capacity) {
    if (capacity == 0) {
      return EMPTY;
    }
    int keep = Math.min(values.length, capacity - 1);
    long[] next = new long[keep + 1];
    System.arraycopy(values, values.length - keep, next, 0, keep);
    next[keep] = fingerprint;
    return new RecentFingerprints(next);
  }

  public long[] toArray() {
    return values.clone();
  }

  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecentFingerprints
        && Arrays.equals(values, ((RecentFingerprints) o).values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "RecentFingerprints[" + values.length + "]";
  }
}
