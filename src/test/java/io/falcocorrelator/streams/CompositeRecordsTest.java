package io.falcocorrelator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What the composite topic's readers take from a poll. */
class CompositeRecordsTest {
  @Test
  void recordsThatAreNotCompositesAreSkippedAndTheRestKeepTheirOrder() throws Exception {
    String composite =
        Files.readString(Path.of("src/test/resources/output/composite-hostile.json"));
    CompositeAlert expected = CompositeJson.fromJson(CompositeJson.MAPPER.readTree(composite));
    List<String> values =
        List.of(composite, "not json", "{\"id\":\"no case\"}", "", composite.replace('\n', ' '));
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      records.add(new ConsumerRecord<>("composites", 0, i, "key", values.get(i)));
    }
    List<CompositeAlert> read = new ArrayList<>();

    CompositeRecords.each(
        new ConsumerRecords<>(Map.of(new TopicPartition("composites", 0), records), Map.of()),
        read::add);

    assertThat(read).containsExactly(expected, expected);
  }
}
