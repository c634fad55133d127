package io.falcocorrelator.rules;

import io.falcocorrelator.correlate.CaseSet;
import io.falcocorrelator.correlate.ContextKeys;
import io.falcocorrelator.correlate.CorrelationSettings;
import io.falcocorrelator.correlate.Correlator;
import io.falcocorrelator.mapping.Classifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A complete, validated set of rules: mappings, exceptions, cases and correlation settings, loaded
 * together and swapped together.
 *
 * @param origin where it came from ({@code embedded defaults} or a directory), for logs
 * @param files the files read, in order
 * @param caseOrigins {@code file:line} of each case's entry, by case id
 * @param loadedAt when the files were read
 */
public record RuleSet(
    Classifier classifier,
    CaseSet cases,
    CorrelationSettings settings,
    ContextKeys contextKeys,
    String origin,
    List<String> files,
    Map<String, String> caseOrigins,
    Instant loadedAt) {

  public RuleSet {
    files = List.copyOf(files);
    caseOrigins = Map.copyOf(caseOrigins);
  }

  public RuleSet(
      Classifier classifier,
      CaseSet cases,
      CorrelationSettings settings,
      ContextKeys contextKeys,
      String origin,
      List<String> files) {
    this(classifier, cases, settings, contextKeys, origin, files, Map.of(), Instant.now());
  }

  /** {@code file:line} of a case's entry, or empty for cases built in code. */
  public String caseOrigin(String caseId) {
    return caseOrigins.getOrDefault(caseId, "");
  }

  public Correlator correlator() {
    return new Correlator(cases, settings);
  }

  @Override
  public String toString() {
    return origin
        + ": "
        + classifier.mappings().size()
        + " mappings, "
        + classifier.exceptions().size()
        + " exceptions, "
        + cases.all().size()
        + " cases";
  }
}
