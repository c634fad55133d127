package io.falcocorrelator.event;

/**
 * Why one item of a body or file was rejected.
 *
 * @param locator {@code "line"} for NDJSON input, {@code "index"} for JSON arrays (0-based)
 * @param position the 1-based line or 0-based array index
 * @param field JSON path of the offending field, empty when the item as a whole is bad
 */
public record ItemError(String locator, long position, String field, String reason) {
  public static final String LINE = "line";
  public static final String INDEX = "index";

  @Override
  public String toString() {
    return locator + " " + position + (field.isEmpty() ? "" : " " + field) + ": " + reason;
  }
}
