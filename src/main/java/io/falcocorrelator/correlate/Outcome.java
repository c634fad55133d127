package io.falcocorrelator.correlate;

/** What the correlator did with one alert; the runtime counts each. */
public enum Outcome {
  /** Evidence was added to a container context. */
  CORRELATED,
  /** The alert mapped to no group; nothing was stored. */
  UNMAPPED,
  /** A host process ({@code container.id=host}) or no container id: counted, never correlated. */
  NOT_A_CONTAINER,
  /** The same alert was already seen in this context. */
  DUPLICATE,
  /**
   * Older than the context's newest event by more than the longest window: only state groups kept.
   */
  LATE
}
