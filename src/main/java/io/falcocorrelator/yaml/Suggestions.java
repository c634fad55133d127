package io.falcocorrelator.yaml;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys, rule names and fields: the closest candidate by edit distance.
 */
public final class Suggestions {
  /** Longer inputs are not compared: bounded work whatever a file holds. */
  static final int MAX_LENGTH = 200;

  private Suggestions() {}

  /**
   * The candidate closest to {@code text} (case-insensitive Levenshtein distance), if it is close
   * enough to be a likely typo: at most a third of the longer string's length, at least 1 and at
   * most 6 edits.
   */
  public static Optional<String> didYouMean(String text, Collection<String> candidates) {
    if (text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = text.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      if (c.equals(text) || c.length() > MAX_LENGTH) {
        continue;
      }
      int d = distance(lower, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int limit = Math.max(1, Math.min(Math.max(text.length(), best.length()) / 3, 6));
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
