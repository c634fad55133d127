package io.falcocorrelator.output;

/** Safe truncation shared by payload builders: by code point, never splitting a surrogate pair. */
public final class Text {
  private Text() {}

  /** At most {@code max} characters, ending with an ellipsis when cut. */
  public static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "\u2026";
  }
}
