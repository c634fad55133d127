package io.falcocorrelator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  private static final List<Duration> BOUNDS =
      List.of(Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofSeconds(1));

  @Test
  void bucketsAreCumulativeInclusiveOfTheirBoundAndEndInInf() {
    Metrics metrics = new Metrics();
    metrics.request(100_000); // exactly on the first bound: le="1.0E-4"
    metrics.request(100_001);
    metrics.request(-5); // a clock step back counts as zero
    metrics.request(2_000_000_000L); // past every bound: only +Inf

    String text = metrics.scrape();

    assertThat(text)
        .contains("# TYPE falco_correlator_request_seconds histogram")
        .contains("falco_correlator_request_seconds_bucket{le=\"1.0E-4\"} 2")
        .contains("falco_correlator_request_seconds_bucket{le=\"2.5E-4\"} 3")
        .contains("falco_correlator_request_seconds_bucket{le=\"1.0\"} 3")
        .contains("falco_correlator_request_seconds_bucket{le=\"+Inf\"} 4")
        .contains("falco_correlator_request_seconds_count 4")
        .contains("falco_correlator_request_seconds_sum 2.000200001");
  }

  @Test
  void countsEveryRecordFromConcurrentThreads() throws InterruptedException {
    LatencyHistogram histogram = new LatencyHistogram("test_seconds", "test", BOUNDS);
    int threads = 4;
    int each = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      long value = t * 700_000L;
      pool.execute(
          () -> {
            for (int i = 0; i < each; i++) {
              histogram.record(value);
            }
            done.countDown();
          });
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();

    assertThat(histogram.count()).isEqualTo((long) threads * each);
    var buckets = histogram.collect().getDataPoints().get(0).getClassicBuckets();
    // 0 and 700µs and 1.4 ms and 2.1 ms: one thread's worth in <=100µs, two by 1 ms, all four by 1
    // s.
    assertThat(buckets.getCount(0)).isEqualTo(each);
    assertThat(buckets.getCount(1)).isEqualTo(each);
    assertThat(buckets.getCount(2)).isEqualTo(2L * each);
    assertThat(buckets.getCount(3)).isZero();
  }

  @Test
  void refusesBoundsOutOfOrderAndNamesWithoutTheUnit() {
    assertThatThrownBy(
            () ->
                new LatencyHistogram(
                    "x_seconds", "x", List.of(Duration.ofMillis(2), Duration.ofMillis(1))))
        .hasMessageContaining("ascend");
    assertThatThrownBy(() -> new LatencyHistogram("x_latency", "x", BOUNDS))
        .hasMessageContaining("_seconds");
  }
}
