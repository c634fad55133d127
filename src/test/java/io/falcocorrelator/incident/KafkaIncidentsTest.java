package io.falcocorrelator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.SingleBroker;
import io.falcocorrelator.support.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/**
 * The Kafka Streams topology's composite topic, on a real (in-JVM) broker, materialized into the
 * incident store of the {@code serve} that fronts the deployment ({@code kafka_ingest}).
 */
class KafkaIncidentsTest {
  @Test
  void serveWithKafkaIngestServesTheIncidentsOfTheCompositeTopic() throws Exception {
    try (KafkaClusterTestKit cluster = SingleBroker.start()) {
      String bootstrap = cluster.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic("falco-composites", 3, (short) 1))).all().get();
      }
      // What the topology writes: the composites of the fixture scenarios, as JSON keyed by
      // context.
      List<String> composites = new ArrayList<>();
      for (String s :
          new String[] {
            "kernel-module-escape", "cgroup-release-agent-escape", "docker-socket-escape"
          }) {
        Scenarios.composites(Files.readAllLines(Scenarios.DIR.resolve(s + ".ndjson")))
            .forEach(c -> composites.add(CompositeJson.toLine(c)));
      }
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", bootstrap),
              new StringSerializer(),
              new StringSerializer())) {
        for (String c : composites) {
          producer.send(new ProducerRecord<>("falco-composites", null, c)).get();
        }
        producer.send(new ProducerRecord<>("falco-composites", null, "{not a composite")).get();
        // The same composite again (a redelivery) is one incident.
        producer.send(new ProducerRecord<>("falco-composites", null, composites.get(0))).get();
      }
      ServerConfig config =
          new ServerConfig(
              ServerConfig.defaults().listen(),
              Optional.empty(),
              ServerConfig.Auth.none(),
              ServerConfig.Limits.defaults(),
              ServerConfig.Rules.defaults(),
              ServerConfig.Api.defaults(),
              ServerConfig.Outputs.none(),
              Optional.of(new ServerConfig.KafkaIngest(bootstrap, "falco-alerts", Map.of())));
      try (TestServer server = new TestServer(config)) {
        Await.until(
            "every composite materialized",
            Duration.ofSeconds(60),
            () -> server.server.incidents().service().store().size() == composites.size());
        var page = TestServer.json(server.get("/api/v1/incidents?limit=500"));
        assertThat(page.path("total").asInt()).isEqualTo(composites.size());
        assertThat(page.path("counts").path("severity").path("Critical").asInt()).isPositive();
      }
    }
  }
}
