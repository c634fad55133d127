package io.falcocorrelator.ingest;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Reads one context's state for the API, from wherever the runtime keeps it (its own thread). */
@FunctionalInterface
public interface ContextLookup {
  CompletionStage<Optional<ContextState>> find(ContextKey key);
}
