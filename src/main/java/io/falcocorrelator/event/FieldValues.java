package io.falcocorrelator.event;

import java.util.List;

/** Canonical text of typed {@code output_fields} values, used for matching and evidence. */
public final class FieldValues {
  private FieldValues() {}

  /** {@code true}/{@code false}, integers without a decimal point, lists as {@code [a, b]}. */
  public static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Boolean || value instanceof Long) {
      // Before the List check: a failing interface check scans the class's interfaces.
      return value.toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(list.get(i) == null ? "null" : text(list.get(i)));
      }
      return sb.append(']').toString();
    }
    return String.valueOf(value);
  }
}
