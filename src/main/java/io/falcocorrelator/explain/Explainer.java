package io.falcocorrelator.explain;

import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains alerts against a rule set with the classifier's own matchers ({@code explain} and {@code
 * POST /api/v1/explain}): nothing is correlated, nothing is counted. Input is what the receiver
 * accepts: one alert, a JSON array or NDJSON.
 */
public final class Explainer {
  /** At most this many alerts per explanation: an explanation is for reading, not for bulk. */
  public static final int MAX_ALERTS = 1000;

  private final RuleSet rules;

  public Explainer(RuleSet rules) {
    this.rules = rules;
  }

  /** The explanations of every alert read, and the items that could not be read. */
  public record Result(List<AlertExplanation> alerts, List<ItemError> errors, boolean truncated) {}

  public AlertExplanation explain(FalcoAlert alert, String where) {
    return new AlertExplanation(
        where,
        alert,
        rules.contextKeys().of(alert),
        rules.contextKeys().whyNone(alert),
        rules.classifier().explain(alert));
  }

  public Result explain(byte[] body) {
    Collector c = new Collector();
    new AlertReader().read(body, c);
    return c.result();
  }

  public Result explain(InputStream in) throws IOException {
    Collector c = new Collector();
    new AlertReader().read(in, c);
    return c.result();
  }

  private final class Collector implements AlertReader.Listener {
    private final List<AlertExplanation> alerts = new ArrayList<>();
    private final List<ItemError> errors = new ArrayList<>();
    private boolean truncated;

    @Override
    public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
      if (alerts.size() >= MAX_ALERTS) {
        truncated = true;
        return;
      }
      alerts.add(explain(alert, locator + " " + position));
    }

    @Override
    public void error(ItemError error) {
      if (errors.size() < MAX_ALERTS) {
        errors.add(error);
      }
    }

    Result result() {
      return new Result(alerts, errors, truncated);
    }
  }
}
