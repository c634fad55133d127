package io.falcocorrelator.metrics;

import io.falcocorrelator.mapping.MappingHits;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code falco_correlator_mapping_hits_total{mapping="..."}}: alerts each mapping and exception of
 * the rules in force matched. Read at scrape time from the classifier's counter array, so the label
 * set follows reloads and stays bounded by the number of entries, and classification pays only its
 * uncontended add.
 */
final class MappingHitsCollector implements Collector {
  static final String NAME = Metrics.PREFIX + "mapping_hits";
  private final Supplier<MappingHits> hits;

  MappingHitsCollector(Supplier<MappingHits> hits) {
    this.hits = hits;
  }

  @Override
  public CounterSnapshot collect() {
    CounterSnapshot.Builder b =
        CounterSnapshot.builder()
            .name(NAME)
            .help(
                "Alerts each mapping (or exception) of the rules in force matched; unchanged entries keep counting across reloads");
    for (Map.Entry<String, Long> e : hits.get().byId().entrySet()) {
      b.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of("mapping", e.getKey()))
              .value(e.getValue())
              .build());
    }
    return b.build();
  }

  @Override
  @SuppressWarnings("deprecation") // still how the registry 1.7 finds a collector's name
  public String getPrometheusName() {
    return NAME;
  }
}
