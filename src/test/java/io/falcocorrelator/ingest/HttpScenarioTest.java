package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every NDJSON scenario posted to the real server one alert per request, exactly as Falco's
 * http_output does; the composites read back from the API must equal the core's.
 */
class HttpScenarioTest {
  @TestFactory
  Stream<DynamicTest> scenariosOverHttp() throws Exception {
    return Scenarios.all().stream()
        .filter(s -> s.alerts().toString().endsWith(".ndjson"))
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> run(s)));
  }

  private static void run(Scenarios.Scenario s) throws Exception {
    try (TestServer server = TestServer.start()) {
      for (String line : Files.readAllLines(s.alerts())) {
        HttpResponse<String> r = server.postAsFalco(line);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestServer.json(r).path("accepted").asInt()).isEqualTo(1);
      }
      server.awaitDrained();
      HttpResponse<String> r = server.get("/api/v1/composites?limit=1000");
      assertThat(r.statusCode()).isEqualTo(200);
      List<Scenarios.Expected> actual = new ArrayList<>();
      for (JsonNode c : TestServer.json(r)) {
        actual.add(0, Scenarios.fromComposite(c));
      }
      assertThat(actual).containsExactlyElementsOf(s.expected());
    }
  }
}
