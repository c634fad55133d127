package io.falcocorrelator.ingest;

import io.falcocorrelator.correlate.CompositeAlert;
import java.time.Instant;
import java.util.List;

/** The composites {@code GET /api/v1/composites} lists: newest first. */
@FunctionalInterface
public interface RecentCompositeSource {
  /** Those detected at or after {@code since} (null: all), at most {@code limit}, newest first. */
  List<CompositeAlert> list(Instant since, int limit);
}
