package io.falcocorrelator.correlate;

/**
 * Why a context left the table (or, for {@link #EVENT_TIME_GAP}, started afresh), in the manner of
 * Caffeine's {@code RemovalCause}: every removal is counted under its cause.
 */
public enum RemovalCause {
  /** Evicted, least recently used first, to keep the table within {@code max_contexts}. */
  SIZE,
  /**
   * No mapped alert for the idle timeout, by processing time ({@link ContextTable#advanceTime}).
   */
  IDLE,
  /**
   * An alert arrived whose event time is more than the idle timeout after the context's newest: the
   * old state was dropped and the context started afresh.
   */
  EVENT_TIME_GAP,
  /** The stored state could not be decoded: dropped, and the context starts afresh. */
  UNREADABLE;

  /** The metric label: the name in lower case. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
