package io.falcocorrelator.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AsciiBytesTest {
  /** The byte loop the word-at-a-time search replaces. */
  private static int naiveIndexOf(byte[] b, int from, int to, byte target) {
    int i = from;
    while (i < to && b[i] != target) {
      i++;
    }
    return i;
  }

  @Test
  void indexOfFindsTheFirstMatchAtEveryPositionAndAlignment() {
    SplittableRandom random = new SplittableRandom(17);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        // Mostly non-matches, with bytes next to the target and high bytes that could confuse a
        // zero-byte test.
        int pick = random.nextInt(10);
        b[i] =
            pick == 0
                ? (byte) '\n'
                : pick == 1
                    ? (byte) 0x0b
                    : pick == 2 ? (byte) 0x8a : pick == 3 ? (byte) 0x09 : (byte) ('a' + pick);
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      int to = from + random.nextInt(b.length - from + 1);
      assertThat(AsciiBytes.indexOf(b, from, to, (byte) '\n'))
          .isEqualTo(naiveIndexOf(b, from, to, (byte) '\n'));
    }
  }

  @Test
  void indexOfAnswersTheEndWhenAbsent() {
    byte[] b =
        "no newline in this line at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(AsciiBytes.indexOf(b, 0, b.length, (byte) '\n')).isEqualTo(b.length);
    assertThat(AsciiBytes.indexOf(b, 3, 10, (byte) 'x')).isEqualTo(10);
  }

  @Test
  void sameComparesWholeRangesWordByWord() {
    byte[] text = "xx/proc/self/cgroup".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(
            AsciiBytes.same(
                "/proc/self/cgroup".getBytes(java.nio.charset.StandardCharsets.US_ASCII), text, 2))
        .isTrue();
    assertThat(
            AsciiBytes.same(
                "/proc/self/cgrouq".getBytes(java.nio.charset.StandardCharsets.US_ASCII), text, 2))
        .isFalse();
    assertThat(
            AsciiBytes.same(
                "/proc/selg/cgroup".getBytes(java.nio.charset.StandardCharsets.US_ASCII), text, 2))
        .isFalse();
  }

  @Test
  void sameFindsADifferenceAtAnyPositionOfAnyLength() {
    // Whole words, then the tail as an overlapping last word: every length and position checked.
    byte[] text = new byte[40];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ('a' + i % 26);
    }
    for (int length = 0; length <= 24; length++) {
      for (int offset = 0; offset <= 3; offset++) {
        byte[] key = java.util.Arrays.copyOfRange(text, offset, offset + length);
        assertThat(AsciiBytes.same(key, text, offset)).as("length %d", length).isTrue();
        for (int at = 0; at < length; at++) {
          byte[] other = key.clone();
          other[at] ^= 0x20;
          assertThat(AsciiBytes.same(other, text, offset))
              .as("length %d, byte %d differs", length, at)
              .isFalse();
        }
      }
    }
  }

  @Test
  void plainTextEndStopsAtTheFirstQuoteBackslashControlOrNonAsciiByte() {
    SplittableRandom random = new SplittableRandom(29);
    byte[] specials = {'"', '\\', 0x01, 0x1f, (byte) 0x80, (byte) 0xc3, (byte) 0xff};
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        // Plain text with bytes next to the special ones (space, '!', '#', '[', ']', DEL).
        byte[] plain = {' ', '!', '#', '[', ']', 0x7f, 'a', '0'};
        b[i] =
            random.nextInt(12) == 0
                ? specials[random.nextInt(specials.length)]
                : plain[random.nextInt(plain.length)];
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      int expected = from;
      while (expected < b.length
          && b[expected] != '"'
          && b[expected] != '\\'
          && (b[expected] & 0xff) >= 0x20
          && b[expected] >= 0) {
        expected++;
      }
      assertThat(AsciiBytes.plainTextEnd(b, from, b.length)).isEqualTo(expected);
    }
  }
}
