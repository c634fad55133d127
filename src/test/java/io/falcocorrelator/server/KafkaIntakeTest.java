package io.falcocorrelator.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.ingest.Admission;
import io.falcocorrelator.ingest.ClassifiedAlert;
import io.falcocorrelator.support.TestAlerts;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Kafka front's side of the intake port, without a broker (the broker tests are in streams/).
 */
class KafkaIntakeTest {
  @Test
  void refusesABatchTheBrokerNeverAcknowledgesWithoutBlockingTheCaller() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (KafkaIntake intake =
        new KafkaIntake(
            "127.0.0.1:" + closedPort,
            "alerts",
            Map.of(
                "max.block.ms",
                "3000",
                "delivery.timeout.ms",
                "3000",
                "request.timeout.ms",
                "1000",
                "linger.ms",
                "0"))) {
      assertThat(intake.wantsHits())
          .as("the Streams application classifies, not the front")
          .isFalse();
      assertThat(intake.keepsSource(List.of())).isTrue();
      ClassifiedAlert alert = new ClassifiedAlert(TestAlerts.alert("R").build(), List.of(), null);
      CompletableFuture<Admission> answer = intake.submit(List.of(alert)).toCompletableFuture();
      // No broker answers before max.block.ms: a submit that blocked on the send would return done.
      assertThat(answer).as("submit returns before the broker's answer").isNotDone();
      assertThat(answer.get(15, TimeUnit.SECONDS)).isEqualTo(Admission.NOT_ACKNOWLEDGED);
      assertThat(answer.join().rejection().label()).isEqualTo("not_acknowledged");
    }
  }
}
