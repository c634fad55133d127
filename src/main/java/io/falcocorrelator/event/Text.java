package io.falcocorrelator.event;

/**
 * The one place text from alerts, requests and files is shortened and escaped for messages, logs,
 * state and payloads. Truncation counts UTF-16 characters but never splits a surrogate pair (a cut
 * emoji would be an unpaired surrogate, which JSON encoders replace or reject).
 */
public final class Text {
  /** What ends a shortened text. */
  public static final String ELLIPSIS = "\u2026";

  private Text() {}

  /**
   * {@code s} when it has at most {@code max} characters; otherwise its longest prefix that leaves
   * room for {@link #ELLIPSIS} and ends on a whole code point, then the ellipsis.
   *
   * @param max at least 2
   */
  public static String truncate(String s, int max) {
    if (max < 2) {
      throw new IllegalArgumentException("max must be at least 2: " + max);
    }
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
      end--;
    }
    return s.substring(0, end) + ELLIPSIS;
  }

  /**
   * {@code s} with every control character (below U+0020, and U+007F) written as {@code \}{@code
   * uXXXX}, so it cannot forge log lines.
   */
  public static String escapeControls(String s) {
    int first = 0;
    while (first < s.length() && !isControl(s.charAt(first))) {
      first++;
    }
    if (first == s.length()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      appendEscaped(sb, s.charAt(i), false);
    }
    return sb.toString();
  }

  /**
   * A value quoted for an error message: at most {@code max} characters of it (truncated as {@link
   * #truncate}), in double quotes, with quotes, backslashes and control characters escaped.
   */
  public static String quote(String s, int max) {
    String cut = truncate(s, max);
    StringBuilder sb = new StringBuilder(cut.length() + 8).append('"');
    for (int i = 0; i < cut.length(); i++) {
      appendEscaped(sb, cut.charAt(i), true);
    }
    return sb.append('"').toString();
  }

  /** A header value for a message: printable ASCII only (anything else as {@code ?}), truncated. */
  public static String printable(String s, int max) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
    s.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
    return truncate(sb.toString(), max);
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f;
  }

  private static void appendEscaped(StringBuilder sb, char c, boolean quotes) {
    if (isControl(c)) {
      sb.append("\\u00")
          .append(Character.forDigit(c >> 4, 16))
          .append(Character.forDigit(c & 0xf, 16));
    } else if (quotes && (c == '"' || c == '\\')) {
      sb.append('\\').append(c);
    } else {
      sb.append(c);
    }
  }
}
