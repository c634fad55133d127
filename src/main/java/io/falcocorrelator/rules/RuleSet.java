package io.falcocorrelator.rules;

import io.falcocorrelator.correlate.CaseSet;
import io.falcocorrelator.correlate.ContextKeys;
import io.falcocorrelator.correlate.CorrelationSettings;
import io.falcocorrelator.correlate.Correlator;
import io.falcocorrelator.mapping.Classifier;
import java.util.List;

/**
 * A complete, validated set of rules: mappings, exceptions, cases and correlation settings,
 * loaded together and swapped together.
 *
 * @param origin where it came from ({@code embedded defaults} or a directory), for logs
 * @param files the files read, in order
 */
public record RuleSet(Classifier classifier, CaseSet cases, CorrelationSettings settings, ContextKeys contextKeys,
    String origin, List<String> files) {

  public RuleSet {
    files = List.copyOf(files);
  }

  public Correlator correlator() {
    return new Correlator(cases, settings);
  }

  @Override
  public String toString() {
    return origin + ": " + classifier.mappings().size() + " mappings, " + classifier.exceptions().size()
        + " exceptions, " + cases.all().size() + " cases";
  }
}
