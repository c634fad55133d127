package io.falcocorrelator.correlate;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The chosen output fields of one piece of evidence: an immutable map over the correlator's list of
 * evidence field names (shared by every evidence) and this alert's values with their JSON types
 * (see {@link Evidence#fields()}; null where the alert had none). Built for every mapped alert,
 * read only when a composite or a state is written, so building it is one array, where {@code
 * Map.ofEntries} hashes every entry into a table.
 */
final class EvidenceFields extends AbstractMap<String, Object> {
  private final String[] names;
  private final Object[] values;
  private final int size;

  /**
   * @param values parallel to {@code names}, null for an absent field; owned by this map from now
   *     on
   */
  EvidenceFields(String[] names, Object[] values) {
    this.names = names;
    this.values = values;
    int n = 0;
    for (Object v : values) {
      n += v == null ? 0 : 1;
    }
    this.size = n;
  }

  @Override
  public Object get(Object key) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public int size() {
    return size;
  }

  /** In the order of the names; built on each call, as only outputs and the state codec iterate. */
  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    Map<String, Object> present = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (values[i] != null) {
        present.put(names[i], values[i]);
      }
    }
    return Collections.unmodifiableMap(present).entrySet();
  }
}
