package io.falcocorrelator.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.MutableClock;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.Scenarios.Expected;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every scenario fixture through the core, with the embedded default rules. */
class ScenarioTest {
  private static final RuleSet RULES = RulesLoader.embedded();

  @TestFactory
  Stream<DynamicTest> scenarios() throws IOException {
    List<Scenarios.Scenario> all = Scenarios.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(19);
    return all.stream()
        .map(s -> DynamicTest.dynamicTest(s.name() + ": " + s.description(), () -> run(s)));
  }

  private static void run(Scenarios.Scenario s) throws IOException {
    ContextTable table =
        new ContextTable(
            RULES.correlator(),
            RULES.contextKeys(),
            new MutableClock(Instant.parse("2026-11-28T00:00:00Z")),
            new CorrelationStats());
    List<Expected> actual = new ArrayList<>();
    List<ItemError> errors = new ArrayList<>();
    try (InputStream in = Files.newInputStream(s.alerts())) {
      new AlertReader()
          .read(
              in,
              new AlertReader.Listener() {
                @Override
                public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
                  table.process(
                      alert,
                      RULES.classifier().classify(alert),
                      c -> actual.add(Scenarios.fromComposite(CompositeJson.toJson(c))));
                }

                @Override
                public void error(ItemError error) {
                  errors.add(error);
                }
              });
    }
    assertThat(errors).as(s.alerts() + ": rejected items").isEmpty();
    assertThat(actual).as(s.alerts() + ": composites").containsExactlyElementsOf(s.expected());
  }
}
