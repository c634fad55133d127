package io.falcocorrelator.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The context index against a reference model (an access-ordered {@code LinkedHashMap}): same
 * lookups and same least-recently-used order through growth, deletion inside probe runs of keys
 * whose hashes collide, and many uses of the same few contexts (which move them within the use
 * order).
 */
class ContextIndexTest {
  /** "Aa" and "BB" have the same String hash: ids built from them all collide. */
  private static String collidingId(int bits) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      sb.append((bits >> i & 1) == 0 ? "Aa" : "BB");
    }
    return sb.toString();
  }

  private static ContextKey key(Random r) {
    return r.nextBoolean()
        ? new ContextKey("node-" + r.nextInt(3), collidingId(r.nextInt(300)), "")
        : new ContextKey("node-" + r.nextInt(3), Integer.toHexString(r.nextInt(2_000)), "");
  }

  @Test
  void behavesAsAnAccessOrderedMap() {
    Random r = new Random(7);
    ContextIndex index = new ContextIndex();
    LinkedHashMap<ContextKey, ContextState> model = new LinkedHashMap<>(16, 0.75f, true);
    for (int step = 0; step < 200_000; step++) {
      ContextKey k = key(r);
      int op = r.nextInt(10);
      int at = index.find(k);
      assertThat(at == ContextIndex.ABSENT)
          .as("presence of %s at step %d", k, step)
          .isEqualTo(!model.containsKey(k));
      if (op < 5) {
        ContextState state = ContextState.empty(k, step, step);
        index.put(k, state, 0);
        model.put(k, state);
      } else if (op < 7 && at != ContextIndex.ABSENT) {
        index.markUsed(at);
        model.get(k);
      } else if (op < 9 && at != ContextIndex.ABSENT) {
        index.remove(at);
        model.remove(k);
      } else if (!model.isEmpty()) {
        ContextKey eldest = model.keySet().iterator().next();
        assertThat(index.key(index.eldest())).isEqualTo(eldest);
        if (r.nextBoolean()) {
          index.remove(index.eldest());
          model.remove(eldest);
        }
      }
      assertThat(index.size()).isEqualTo(model.size());
    }
    assertThat(model.size()).isGreaterThan(100);
    for (Map.Entry<ContextKey, ContextState> e : model.entrySet()) {
      assertThat(index.state(index.find(e.getKey()))).isSameAs(e.getValue());
    }
    // Draining by age gives exactly the model's order.
    List<ContextKey> drained = new ArrayList<>();
    int eldest;
    while ((eldest = index.eldest()) != ContextIndex.ABSENT) {
      drained.add(index.key(eldest));
      index.remove(eldest);
    }
    assertThat(drained).containsExactlyElementsOf(new ArrayList<>(model.keySet()));
    assertThat(index.size()).isZero();
  }

  @Test
  void usingTheSameContextsOverAndOverKeepsTheOrder() {
    ContextIndex index = new ContextIndex();
    List<ContextKey> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ContextKey k = new ContextKey("n", "c" + i, "");
      keys.add(k);
      index.put(k, ContextState.empty(k, 0, 0), 0);
    }
    for (int i = 0; i < 1_000_000; i++) {
      index.markUsed(index.find(keys.get(i % 2)));
    }
    Iterator<String> expected = List.of("c2", "c0", "c1").iterator();
    int eldest;
    while ((eldest = index.eldest()) != ContextIndex.ABSENT) {
      assertThat(index.key(eldest).containerId()).isEqualTo(expected.next());
      index.remove(eldest);
    }
    assertThat(expected).isExhausted();
  }

  @Test
  void aLazilyRestoredContextKeepsItsStoredLastSeenUntilRead() {
    ContextIndex index = new ContextIndex();
    ContextKey k = new ContextKey("n", "c", "");
    int at = index.put(k, null, 42);
    assertThat(index.lastProcessedNanos(at)).isEqualTo(42);
    index.put(k, null, 43);
    assertThat(index.lastProcessedNanos(index.find(k))).isEqualTo(43);
    assertThat(index.size()).isEqualTo(1);
    index.setState(at, ContextState.empty(k, 7, 99));
    assertThat(index.lastProcessedNanos(at)).isEqualTo(99);
  }
}
