package io.falcocorrelator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTest {
  private static final String EMOJI = "\uD83D\uDE00";

  @Test
  void truncatesToAtMostMaxCharactersEndingWithAnEllipsis() {
    assertThat(Text.truncate("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Text.truncate("abcdefg", 6)).isEqualTo("abcde\u2026").hasSize(6);
    assertThat(Text.truncate("", 2)).isEmpty();
  }

  @Test
  void neverSplitsASurrogatePair() {
    // The cut would fall between the emoji's two halves: the whole emoji goes.
    assertThat(Text.truncate("abc" + EMOJI + "def", 5)).isEqualTo("abc\u2026");
    // The cut falls right after the pair: it stays whole.
    assertThat(Text.truncate("ab" + EMOJI + "def", 5)).isEqualTo("ab" + EMOJI + "\u2026");
    for (int max = 2; max < 12; max++) {
      String cut = Text.truncate((EMOJI + "x").repeat(5), max);
      assertThat(
              cut.codePoints()
                  .filter(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))
          .as("max %d", max)
          .isEmpty();
      assertThat(cut.length()).isLessThanOrEqualTo(max);
    }
  }

  @Test
  void refusesAMaximumWithNoRoomForTheEllipsis() {
    assertThatThrownBy(() -> Text.truncate("abc", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void escapesControlCharactersSoTheyCannotForgeLogLines() {
    assertThat(Text.escapeControls("plain")).isSameAs("plain");
    assertThat(Text.escapeControls("a\nfake=1\r\u0000\u007f\u001b"))
        .isEqualTo("a\\u000afake=1\\u000d\\u0000\\u007f\\u001b");
  }

  @Test
  void quotesAValueForAMessage() {
    assertThat(Text.quote("say \"hi\"\\\n", 40)).isEqualTo("\"say \\\"hi\\\"\\\\\\u000a\"");
    assertThat(Text.quote("x".repeat(100), 10)).isEqualTo("\"" + "x".repeat(9) + "\u2026\"");
  }

  @Test
  void keepsOnlyPrintableAsciiOfAHeader() {
    assertThat(Text.printable("br\u00e9\n" + EMOJI, 60)).isEqualTo("br???");
    assertThat(Text.printable("y".repeat(100), 10)).hasSize(10).endsWith("\u2026");
  }
}
