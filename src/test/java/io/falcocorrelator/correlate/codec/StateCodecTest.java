package io.falcocorrelator.correlate.codec;

import static io.falcocorrelator.support.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.ContextTable;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.ActivityGroup;
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
    ContextTable t =
        new ContextTable(
            set.correlator(),
            set.contextKeys(),
            new MutableClock(Instant.parse("2026-11-28T00:00:00Z")),
            new CorrelationStats());
    for (FalcoAlert a :
        List.of(
            alert("Launch Privileged Container").at("2026-02-17T01:00:00Z").build(),
            alert("Container Environment Enumeration by Upper Layer Process")
                .at("2026-02-17T03:00:00.000000001Z")
                .field("fd.name", "/proc/1/cgroup")
                .build(),
            alert("Change thread namespace").at("2026-02-17T03:01:00Z").build())) {
      t.process(a, set.classifier().classify(a), c -> {});
    }
    return t.get(new ContextKey("node-1", "7c3e9a1f4b2d", "")).orElseThrow();
  }

  /** Evidence whose Falco fields are numbers, booleans and a list (v1 stored them as text). */
  static ContextState typedState() {
    RuleSet set = RulesLoader.embedded();
    ContextTable t =
        new ContextTable(
            set.correlator(),
            set.contextKeys(),
            new MutableClock(Instant.parse("2026-11-28T00:00:00Z")),
            new CorrelationStats());
    for (FalcoAlert a :
        List.of(
            alert("Launch Privileged Container")
                .at("2026-02-17T01:00:00Z")
                .field("container.privileged", true)
                .field("proc.pid", 4242L)
                .field("user.uid", 0L)
                .build(),
            alert("Container Environment Enumeration by Upper Layer Process")
                .at("2026-02-17T03:00:00.000000001Z")
                .field("fd.name", "/proc/1/cgroup")
                .field("proc.pid", 31337L)
                .field("proc.is_exe_upper_layer", true)
                .field("container.privileged", false)
                .field("user.name", "1000")
                .build())) {
      t.process(a, set.classifier().classify(a), c -> {});
    }
    return t.get(new ContextKey("node-1", "7c3e9a1f4b2d", "")).orElseThrow();
  }

  @Test
  void roundTripsEveryPartOfTheState() {
    ContextState s = attackState();
    assertThat(s.fired()).hasSize(1);
    ContextState back = StateCodec.decode(StateCodec.encode(s));
    assertThat(back).isEqualTo(s);
  }

  @Test
  void readsTheGoldenVersion1State() throws IOException {
    byte[] golden;
    try (InputStream in = getClass().getResourceAsStream("/state/context-state-v1.json")) {
      golden = in.readAllBytes();
    }
    ContextState s = StateCodec.decode(golden);
    assertThat(s.key()).isEqualTo(new ContextKey("node-1", "7c3e9a1f4b2d", ""));
    assertThat(s.evidenceOf(ActivityGroup.PRIVILEGED_CONTAINER)).hasSize(1);
    assertThat(s.firedCase("privileged_namespace_escape")).isNotNull();
    // Writing it again gives the same document as version 2 (it holds only text fields): an
    // accidental format change fails here.
    assertThat(new String(StateCodec.encode(s), StandardCharsets.UTF_8).trim())
        .isEqualTo(
            new String(golden, StandardCharsets.UTF_8).trim().replace("{\"v\":1,", "{\"v\":2,"));
  }

  @Test
  void roundsTripTypedEvidence() {
    ContextState s = typedState();
    ContextState back = StateCodec.decode(StateCodec.encode(s));
    assertThat(back).isEqualTo(s);
    assertThat(back.evidenceOf(ActivityGroup.ENUMERATION).get(0).fields())
        .containsEntry("proc.pid", 31337L)
        .containsEntry("container.privileged", false)
        .containsEntry("user.name", "1000");
    assertThat(new String(StateCodec.encode(s), StandardCharsets.UTF_8))
        .startsWith("{\"v\":2,")
        .contains("\"proc.pid\":31337")
        .contains("\"container.privileged\":false");
  }

  @Test
  void upgradesTheGoldenVersion1StateToTypedEvidence() throws IOException {
    byte[] golden;
    try (InputStream in =
        getClass().getResourceAsStream("/state/context-state-v1-typed-fields.json")) {
      golden = in.readAllBytes();
    }
    assertThat(new String(golden, StandardCharsets.UTF_8))
        .startsWith("{\"v\":1,")
        .contains("\"proc.pid\":\"31337\"");
    ContextState s = StateCodec.decode(golden);
    // Version 1 wrote text; the fields Falco sends as numbers and booleans get their types back,
    // a text field that only looks like a number stays text.
    assertThat(s).isEqualTo(typedState());
    assertThat(s.evidenceOf(ActivityGroup.PRIVILEGED_CONTAINER).get(0).fields())
        .containsEntry("proc.pid", 4242L)
        .containsEntry("user.uid", 0L)
        .containsEntry("container.privileged", true);
    assertThat(s.evidenceOf(ActivityGroup.ENUMERATION).get(0).fields())
        .containsEntry("user.name", "1000")
        .containsEntry("proc.is_exe_upper_layer", true);
    assertThat(s.schemaVersion()).isEqualTo(ContextState.SCHEMA_VERSION);
  }

  @Test
  void rejectsNewerAndMalformedStatesClearly() {
    assertThatThrownBy(() -> StateCodec.decode("{\"v\":99}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("unsupported state schema version 99");
    assertThatThrownBy(() -> StateCodec.decode("{\"v\":1}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("lacks \"key\"");
    assertThatThrownBy(() -> StateCodec.decode("{\"v\":1,".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not valid JSON");
  }
}
