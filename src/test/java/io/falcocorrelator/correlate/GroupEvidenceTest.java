package io.falcocorrelator.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.event.EventNanos;
import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupEvidenceTest {
  private static Evidence at(ActivityGroup g, String time) {
    return new Evidence(
        g, "m", "rule", Instant.parse(time), "Notice", "out", Map.of(), time.hashCode());
  }

  @Test
  void isAnImmutableMapInGroupOrderThatKnowsEachGroupsOldestTime() {
    Evidence a = at(ActivityGroup.ENUMERATION, "2026-02-17T03:00:00.000000001Z");
    Evidence b = at(ActivityGroup.ENUMERATION, "2026-02-17T03:00:05Z");
    Evidence c = at(ActivityGroup.CGROUP_ESCAPE, "2026-02-17T03:00:01Z");
    EnumMap<ActivityGroup, List<Evidence>> reference = new EnumMap<>(ActivityGroup.class);
    reference.put(ActivityGroup.CGROUP_ESCAPE, List.of(c));
    reference.put(ActivityGroup.ENUMERATION, List.of(a, b));
    reference.put(ActivityGroup.PTRACE_ESCAPE, List.of());

    GroupEvidence e = GroupEvidence.copyOf(reference);

    reference.remove(ActivityGroup.PTRACE_ESCAPE);
    assertThat(e).isEqualTo(reference).hasSameHashCodeAs(reference);
    assertThat(e.keySet()).containsExactlyElementsOf(reference.keySet());
    assertThat(e.oldestNanos(ActivityGroup.ENUMERATION)).isEqualTo(EventNanos.of(a.time()));
    assertThat(e.has(ActivityGroup.PTRACE_ESCAPE)).isFalse();
    assertThat(e.of(ActivityGroup.PTRACE_ESCAPE)).isEmpty();
    assertThat(e.get(ActivityGroup.PTRACE_ESCAPE)).isNull();
    assertThat(e.count()).isEqualTo(3);
    assertThat(GroupEvidence.copyOf(e)).isSameAs(e);

    GroupEvidence fewer =
        e.with(ActivityGroup.ENUMERATION, List.of(b)).with(ActivityGroup.CGROUP_ESCAPE, List.of());
    assertThat(fewer.keySet()).containsExactly(ActivityGroup.ENUMERATION);
    assertThat(fewer.oldestNanos(ActivityGroup.ENUMERATION)).isEqualTo(EventNanos.of(b.time()));
    assertThat(e.count()).as("unchanged").isEqualTo(3);
  }

  @Test
  void evidenceKeepsItsTimeToTheNanosecond() {
    Evidence e = at(ActivityGroup.ENUMERATION, "1999-12-31T23:59:59.999999999Z");
    assertThat(e.time()).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999999Z"));
    assertThat(at(ActivityGroup.ENUMERATION, "1960-01-01T00:00:00.5Z").time())
        .isEqualTo(Instant.parse("1960-01-01T00:00:00.5Z"));
  }

  @Test
  void nanosecondArithmeticSaturatesInsteadOfWrapping() {
    assertThat(EventNanos.of(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(EventNanos.of(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    assertThat(EventNanos.inRange(Instant.parse("2262-04-12T00:00:00Z"))).isFalse();
    assertThat(EventNanos.inRange(Instant.parse("2262-04-11T00:00:00Z"))).isTrue();
    assertThat(EventNanos.minus(Long.MIN_VALUE + 5, 10)).isEqualTo(Long.MIN_VALUE);
    assertThat(EventNanos.plus(Long.MAX_VALUE - 5, 10)).isEqualTo(Long.MAX_VALUE);
    assertThat(EventNanos.minus(10, 3)).isEqualTo(7);
    assertThat(EventNanos.of(Duration.ofDays(365L * 1_000))).isEqualTo(Long.MAX_VALUE);
  }
}
