package io.falcocorrelator.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMapTest {
  @Test
  void behavesAsAMapThroughGrowthAndReplacement() {
    FieldMap map = new FieldMap(2);
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      map.add("field." + i, (long) i);
      expected.put("field." + i, (long) i);
    }
    map.add("field.7", "replaced");
    expected.put("field.7", "replaced");
    assertThat(map).hasSize(100).containsExactlyInAnyOrderEntriesOf(expected);
    // Lookups by a non-interned, equal name find the value too.
    assertThat(map.get(new String("field.42"))).isEqualTo(42L);
    assertThat(map.get("field.100")).isNull();
    assertThat(map.get(42)).isNull();
    assertThat(map.containsKey("field.0")).isTrue();
  }

  @Test
  void collidingNamesAreKeptApart() {
    FieldMap map = new FieldMap(4);
    map.add("Aa", 1L);
    map.add("BB", 2L);
    assertThat(map.get("Aa")).isEqualTo(1L);
    assertThat(map.get("BB")).isEqualTo(2L);
  }
}
