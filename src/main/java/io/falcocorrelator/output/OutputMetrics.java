package io.falcocorrelator.output;

import java.time.Duration;
import java.util.function.IntSupplier;

/** What the dispatcher reports per output route; the metrics package implements it. */
public interface OutputMetrics {
  void delivered(String route, Duration latency);

  void retried(String route);

  void failed(String route);

  void deadLettered(String route);

  void queue(String route, IntSupplier depth);

  OutputMetrics NONE =
      new OutputMetrics() {
        @Override
        public void delivered(String route, Duration latency) {}

        @Override
        public void retried(String route) {}

        @Override
        public void failed(String route) {}

        @Override
        public void deadLettered(String route) {}

        @Override
        public void queue(String route, IntSupplier depth) {}
      };
}
