package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.ContextTable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Read access to the live correlation state: runs a query on the thread that owns the contexts. */
@FunctionalInterface
public interface LiveContexts {
  <T> CompletableFuture<T> query(Function<ContextTable, T> query);
}
