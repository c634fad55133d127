package io.falcocorrelator.correlate;

import java.util.Objects;

/**
 * An execution context: one container on one host. Container ids are unique per node, not per
 * fleet, so the host is always part of the key; {@code scope} holds the values of any extra key
 * fields (a cluster name, say), empty by default. The hash is computed once: keys are looked up on
 * every mapped alert.
 */
public final class ContextKey {
  private final String hostname;
  private final String containerId;
  private final String scope;
  private final int hash;

  public ContextKey(String hostname, String containerId, String scope) {
    this.hostname = Objects.requireNonNull(hostname);
    this.containerId = Objects.requireNonNull(containerId);
    this.scope = Objects.requireNonNull(scope);
    this.hash = (31 * hostname.hashCode() + containerId.hashCode()) * 31 + scope.hashCode();
  }

  public String hostname() {
    return hostname;
  }

  public String containerId() {
    return containerId;
  }

  public String scope() {
    return scope;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ContextKey)) {
      return false;
    }
    ContextKey k = (ContextKey) o;
    // Container id first: it differs between keys far more often than the (shared) hostname.
    return hash == k.hash
        && containerId.equals(k.containerId)
        && hostname.equals(k.hostname)
        && scope.equals(k.scope);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return (scope.isEmpty() ? "" : scope + "/") + hostname + "/" + containerId;
  }
}
