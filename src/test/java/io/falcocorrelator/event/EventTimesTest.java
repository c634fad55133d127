package io.falcocorrelator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimesTest {
  @ParameterizedTest
  @CsvSource({
    "2026-02-17T03:14:16.502050878Z, 2026-02-17T03:14:16.502050878Z",
    "2026-02-17T03:14:16Z, 2026-02-17T03:14:16Z",
    "2026-02-17T03:14:16.5Z, 2026-02-17T03:14:16.500Z",
    "2026-02-17T03:14:16.248Z, 2026-02-17T03:14:16.248Z",
    "2026-02-17T05:14:16.502050878+02:00, 2026-02-17T03:14:16.502050878Z",
    "2026-02-16T22:14:16.502-05:00, 2026-02-17T03:14:16.502Z",
    "2026-02-17T08:44:16+05:30, 2026-02-17T03:14:16Z",
    "2026-02-17T03:14:16.591901689+0000, 2026-02-17T03:14:16.591901689Z",
    "2026-02-17t03:14:16z, 2026-02-17T03:14:16Z",
    "2024-02-29T23:59:59.999999999Z, 2024-02-29T23:59:59.999999999Z",
  })
  void normalisesToUtcKeepingNanoseconds(String text, String expected) {
    assertThat(EventTimes.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "2026-02-17",
        "2026-02-30T03:14:16Z",
        "2026-02-17T25:14:16Z",
        "2026-02-17T03:14:16.1234567890Z",
        "2026-02-17T03:14:16",
        "1771298056"
      })
  void rejectsWhatIsNotRfc3339(String text) {
    assertThatThrownBy(() -> EventTimes.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
