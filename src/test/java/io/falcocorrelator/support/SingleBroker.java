package io.falcocorrelator.support;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) from Kafka's own test kit, for the
 * tests and benches of the Kafka modes: replication factors of one, no rebalance delay.
 */
public final class SingleBroker {
  private SingleBroker() {}

  /** Formats, starts and waits for the broker; the caller closes it. */
  public static KafkaClusterTestKit start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }
}
