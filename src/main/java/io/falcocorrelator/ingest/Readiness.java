package io.falcocorrelator.ingest;

/** What {@code /readyz} reports: the runtime's queue and the rules in force. */
@FunctionalInterface
public interface Readiness {
  Snapshot now();

  /**
   * @param rules a one-line summary of the rules in force
   */
  record Snapshot(int queueDepth, int queueCapacity, String rules) {
    /** Ready while the queue is below its high-water mark (90%). */
    public boolean ready() {
      return queueDepth < queueCapacity * 0.9;
    }
  }
}
