package io.falcocorrelator.correlate;

import io.falcocorrelator.mapping.ActivityGroup;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A context's evidence per activity group: an immutable map indexed by the group's ordinal, in
 * group order. Beside each list it keeps the list's oldest event time, so the correlator prunes and
 * tests windows without fetching evidence objects it will not change: a context's state is cold in
 * memory when its next alert arrives, and every object read then is a cache miss.
 */
public final class GroupEvidence extends AbstractMap<ActivityGroup, List<Evidence>> {
  private static final ActivityGroup[] GROUPS = ActivityGroup.values();
  public static final GroupEvidence EMPTY =
      new GroupEvidence(new Object[GROUPS.length], new long[GROUPS.length]);

  /** Per group ordinal: an immutable, non-empty list sorted by event time, or null. */
  private final Object[] lists;

  /**
   * Per group ordinal: the event time of the list's first element; unused where the list is null.
   */
  private final long[] oldest;

  private GroupEvidence(Object[] lists, long[] oldest) {
    this.lists = lists;
    this.oldest = oldest;
  }

  /** The same evidence as a {@code GroupEvidence}; {@code map} itself when it is one. */
  public static GroupEvidence copyOf(Map<ActivityGroup, List<Evidence>> map) {
    if (map instanceof GroupEvidence) {
      return (GroupEvidence) map;
    }
    GroupEvidence out = EMPTY;
    for (Map.Entry<ActivityGroup, List<Evidence>> e : map.entrySet()) {
      out = out.with(e.getKey(), e.getValue());
    }
    return out;
  }

  /** The evidence of {@code group}, oldest first; empty when none. */
  @SuppressWarnings("unchecked")
  public List<Evidence> of(ActivityGroup group) {
    Object list = lists[group.ordinal()];
    return list == null ? List.of() : (List<Evidence>) list;
  }

  public boolean has(ActivityGroup group) {
    return lists[group.ordinal()] != null;
  }

  /** A bit per group ordinal that has evidence. */
  int groupBits() {
    int bits = 0;
    for (int i = 0; i < lists.length; i++) {
      if (lists[i] != null) {
        bits |= 1 << i;
      }
    }
    return bits;
  }

  /**
   * The event time (epoch nanoseconds) of the group's oldest evidence; only meaningful when {@link
   * #has}.
   */
  public long oldestNanos(ActivityGroup group) {
    return oldest[group.ordinal()];
  }

  /**
   * A copy with the group's evidence replaced; an empty list removes it. The list must be in
   * event-time order.
   */
  public GroupEvidence with(ActivityGroup group, List<Evidence> list) {
    Object[] l = lists.clone();
    long[] o = oldest.clone();
    int i = group.ordinal();
    if (list.isEmpty()) {
      l[i] = null;
      o[i] = 0;
    } else {
      List<Evidence> copy = List.copyOf(list);
      l[i] = copy;
      o[i] = copy.get(0).timeNanos();
    }
    return new GroupEvidence(l, o);
  }

  /** How many pieces of evidence, over all groups. */
  public int count() {
    int n = 0;
    for (Object list : lists) {
      n += list == null ? 0 : ((List<?>) list).size();
    }
    return n;
  }

  @Override
  public List<Evidence> get(Object key) {
    return key instanceof ActivityGroup && has((ActivityGroup) key)
        ? of((ActivityGroup) key)
        : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof ActivityGroup && has((ActivityGroup) key);
  }

  /** In group order; built on each call, as only the codec, the API and outputs iterate. */
  @Override
  public Set<Map.Entry<ActivityGroup, List<Evidence>>> entrySet() {
    EnumMap<ActivityGroup, List<Evidence>> present = new EnumMap<>(ActivityGroup.class);
    for (ActivityGroup g : GROUPS) {
      if (has(g)) {
        present.put(g, of(g));
      }
    }
    return Collections.unmodifiableMap(present).entrySet();
  }
}
