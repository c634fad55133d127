package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Severity;
import java.util.Objects;
import java.util.Set;

/**
 * One output route: a named sink instance with its filters. Several instances of one sink type are
 * normal (Critical to a pager channel, everything to the SIEM).
 *
 * @param settings the sink type's own settings (each sink package defines its record)
 * @param cases case ids or names to send (empty: all)
 * @param concurrency deliveries in flight at once on this route
 */
public record OutputConfig(
    String name,
    String type,
    Severity minSeverity,
    Set<String> cases,
    Set<String> namespaces,
    Set<String> hosts,
    int concurrency,
    SinkSettings settings) {

  public OutputConfig {
    Objects.requireNonNull(name);
    cases = Set.copyOf(cases);
    namespaces = Set.copyOf(namespaces);
    hosts = Set.copyOf(hosts);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
  }

  public OutputConfig(
      String name,
      String type,
      Severity minSeverity,
      Set<String> cases,
      Set<String> namespaces,
      Set<String> hosts,
      SinkSettings settings) {
    this(name, type, minSeverity, cases, namespaces, hosts, 2, settings);
  }

  /** Whether this route takes the composite. */
  public boolean accepts(CompositeAlert a) {
    return !minSeverity.higherThan(a.severity())
        && (cases.isEmpty() || cases.contains(a.definition().id()) || cases.contains(a.caseName()))
        && (namespaces.isEmpty() || namespaces.contains(a.info().k8sNamespace()))
        && (hosts.isEmpty() || hosts.contains(a.key().hostname()));
  }

  /** A sink type's settings; {@code toString()} must redact secrets. */
  public interface SinkSettings {
    Sink create(SinkContext context) throws Exception;
  }

  @Override
  public String toString() {
    return name + "(" + type + ", min " + minSeverity.label() + ", " + settings + ")";
  }
}
