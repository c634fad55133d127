package io.falcocorrelator.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A compact, read-only map for {@code output_fields}: keys and values in two open-addressing
 * arrays, no entry objects. Lookups are the core's hottest operation (every mapping tests a few
 * fields of every alert); with the parser and the mappings both using interned names, a lookup
 * is usually one identity comparison and touches two cache lines instead of a chain of nodes.
 * Filled by the parser, then never changed.
 */
final class FieldMap extends AbstractMap<String, Object> {
  private String[] keys;
  private Object[] values;
  private int size;

  FieldMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new String[capacity];
    values = new Object[capacity];
  }

  /** Adds or replaces a mapping; only the parser calls this, before the map is shared. */
  void add(String key, Object value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = spread(key.hashCode()) & mask;
    while (keys[i] != null) {
      if (keys[i].equals(key)) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
  }

  private void grow() {
    String[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new String[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        add(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String)) {
      return null;
    }
    int mask = keys.length - 1;
    int i = spread(key.hashCode()) & mask;
    String k;
    while ((k = keys[i]) != null) {
      if (k == key || k.equals(key)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < keys.length && keys[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, Object> e = new SimpleImmutableEntry<>(keys[next], values[next]);
            next = advance(next + 1);
            return e;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
