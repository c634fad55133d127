package io.falcocorrelator.explain;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.mapping.Explanation;
import java.util.Optional;

/**
 * Everything {@code explain} says about one alert: where it was read, the execution context it
 * belongs to (or why none) and what the mappings made of it.
 *
 * @param where {@code line 3} or {@code index 0}, as the reader located it
 * @param noContext why the alert has no execution context; empty when it has one
 */
public record AlertExplanation(
    String where,
    FalcoAlert alert,
    Optional<ContextKey> context,
    Optional<String> noContext,
    Explanation mappings) {}
