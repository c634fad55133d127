package io.falcocorrelator.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanonicalStringsTest {
  private final CanonicalStrings strings = new CanonicalStrings();

  private String of(String text) {
    char[] buffer = ("xx" + text + "yy").toCharArray();
    return strings.of(buffer, 2, text.length());
  }

  @Test
  void sameTextGivesTheSameInstance() {
    String first = of("Detect release_agent File Container Escapes");
    String second = of("Detect release_agent File Container Escapes");
    assertThat(second).isSameAs(first).isEqualTo("Detect release_agent File Container Escapes");
  }

  @Test
  void differentTextsStayDistinctAndExact() {
    // Far more distinct values than slots: every answer is still the exact text.
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String text = "rule " + i;
      assertThat(of(text)).isEqualTo(text);
      seen.add(of(text));
    }
    assertThat(seen).hasSize(20_000);
  }

  @Test
  void hashCollisionsAreNotConfused() {
    // "Aa" and "BB" share String.hashCode: a slot hit must still compare the characters.
    assertThat(of("Aa")).isEqualTo("Aa");
    assertThat(of("BB")).isEqualTo("BB");
    assertThat(of("Aa")).isEqualTo("Aa");
  }

  @Test
  void longValuesAreCopiedNotCached() {
    String text = "r".repeat(CanonicalStrings.MAX_LENGTH + 1);
    String first = of(text);
    assertThat(first).isEqualTo(text);
    assertThat(of(text)).isNotSameAs(first);
  }

  @Test
  void nonAsciiTextKeepsItsCharacters() {
    assertThat(of("nœud-ü-🙂")).isEqualTo("nœud-ü-🙂");
    assertThat(of("")).isEmpty();
  }
}
