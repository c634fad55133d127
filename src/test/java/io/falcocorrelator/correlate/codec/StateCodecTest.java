package io.falcocorrelator.correlate.codec;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateCodecTest {
  private ContextState attackState() {
    RuleSet set = RulesLoader.embedded();
    ContextTable t = new ContextTable(set.correlator(), set.contextKeys(),
        new MutableClock(Instant.parse("2026-11-28T00:00:00Z")), new CorrelationStats());
    for (FalcoAlert a : List.of(alert("Launch Privileged Container").at("2026-02-17T01:00:00Z").build(),
        alert("Container Environment Enumeration by Upper Layer Process").at("2026-02-17T03:00:00.000000001Z")
            .field("fd.name", "/proc/1/cgroup").build(),
        alert("Change thread namespace").at("2026-02-17T03:01:00Z").build())) {
      t.process(a, set.classifier().classify(a), c -> { });
    }
    return t.get(new ContextKey("node-1", "7c3e9a1f4b2d", "")).orElseThrow();
  }

  @Test
  void shouldRoundTripEveryPartOfTheState() {
    ContextState s = attackState();
    assertThat(s.fired()).hasSize(1);
    ContextState back = StateCodec.decode(StateCodec.encode(s));
    assertThat(back).isEqualTo(s);
  }

  @Test
  void shouldReadTheGoldenVersion1State() throws IOException {
    byte[] golden;
    try (InputStream in = getClass().getResourceAsStream("/state/context-state-v1.json")) {
      golden = in.readAllBytes();
    }
    ContextState s = StateCodec.decode(golden);
    assertThat(s.key()).isEqualTo(new ContextKey("node-1", "7c3e9a1f4b2d", ""));
    assertThat(s.evidenceOf(ActivityGroup.PRIVILEGED_CONTAINER)).hasSize(1);
    assertThat(s.firedCase("privileged_namespace_escape")).isNotNull();
    // Writing it again gives the same document: an accidental format change fails here.
    assertThat(new String(StateCodec.encode(s), StandardCharsets.UTF_8).trim())
        .isEqualTo(new String(golden, StandardCharsets.UTF_8).trim());
  }

  @Test
  void shouldRejectNewerAndMalformedStatesClearly() {
    assertThatThrownBy(() -> StateCodec.decode("{\"v\":99}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("unsupported state schema version 99");
    assertThatThrownBy(() -> StateCodec.decode("{\"v\":1}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("lacks \"key\"");
    assertThatThrownBy(() -> StateCodec.decode("{\"v\":1,".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not valid JSON");
  }
}
