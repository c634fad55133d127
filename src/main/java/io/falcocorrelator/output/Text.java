package io.falcocorrelator.output;

/**
 * The payload builders' name for {@link io.falcocorrelator.event.Text#truncate}: one
 * implementation.
 */
public final class Text {
  private Text() {}

  /**
   * At most {@code max} characters, ending with an ellipsis when cut, never splitting a surrogate
   * pair.
   */
  public static String truncate(String s, int max) {
    return io.falcocorrelator.event.Text.truncate(s, max);
  }
}
