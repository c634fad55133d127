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
 * fields of every alert); with the parser and the mappings both using interned names, a lookup is
 * usually one identity comparison and touches two cache lines instead of a chain of nodes. Filled
 * by the parser, then never changed.
 */
final class FieldMap extends AbstractMap<String, Object> {
  /**
   * Key at {@code 2i}, its value at {@code 2i + 1}: a lookup's key and value share a cache line.
   */
  private Object[] slots;

  private int size;

  FieldMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    slots = new Object[capacity * 2];
  }

  private int capacity() {
    return slots.length >> 1;
  }

  /** Adds or replaces a mapping; only the parser calls this, before the map is shared. */
  void add(String key, Object value) {
    if ((size + 1) * 2 > capacity()) {
      grow();
    }
    int mask = capacity() - 1;
    int i = spread(key.hashCode()) & mask;
    Object k;
    while ((k = slots[2 * i]) != null) {
      if (k.equals(key)) {
        slots[2 * i + 1] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    slots[2 * i] = key;
    slots[2 * i + 1] = value;
    size++;
  }

  private void grow() {
    Object[] old = slots;
    slots = new Object[old.length * 2];
    size = 0;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != null) {
        add((String) old[i], old[i + 1]);
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
    Object[] s = slots;
    int mask = (s.length >> 1) - 1;
    int hash = key.hashCode();
    int i = spread(hash) & mask;
    Object k;
    while ((k = s[2 * i]) != null) {
      // Names are interned, so a hit is usually identity; the cached hash rules out the rest.
      if (k == key || k.hashCode() == hash && k.equals(key)) {
        return s[2 * i + 1];
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
            while (i < slots.length && slots[i] == null) {
              i += 2;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < slots.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= slots.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, Object> e =
                new SimpleImmutableEntry<>((String) slots[next], slots[next + 1]);
            next = advance(next + 2);
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
