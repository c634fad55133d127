package io.falcocorrelator.ui;

import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fixture scenarios fed to one server side by side: each scenario's hostnames get the
 * scenario's name as a suffix, so scenarios that reuse a container id stay separate contexts and
 * each produces exactly the composites its {@code .expected.json} names.
 */
final class Fixtures {
  private Fixtures() {}

  static String host(String hostname, String tag) {
    return hostname + "." + tag;
  }

  /** The scenario's alerts, hostnames suffixed with {@code tag}, one JSON per line. */
  static List<String> alerts(Scenarios.Scenario s, String tag) throws IOException {
    String text = Files.readString(s.alerts());
    List<JsonNode> nodes = new ArrayList<>();
    if (s.alerts().toString().endsWith(".json")) {
      TestServer.MAPPER.readTree(text).forEach(nodes::add);
    } else {
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          nodes.add(TestServer.MAPPER.readTree(line));
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : nodes) {
      ObjectNode o = (ObjectNode) n;
      o.put("hostname", host(o.path("hostname").asString(), tag));
      out.add(TestServer.MAPPER.writeValueAsString(o));
    }
    return out;
  }

  static List<String> alerts(String scenario, String tag) throws IOException {
    return alerts(scenario(scenario), tag);
  }

  static Scenarios.Scenario scenario(String name) throws IOException {
    return Scenarios.all().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no fixture scenario " + name));
  }

  static void post(TestServer server, List<String> alerts) throws Exception {
    HttpResponse<String> r =
        server.send(
            server.post("/", String.join("\n", alerts) + "\n", "application/x-ndjson").build());
    if (r.statusCode() / 100 != 2) {
      throw new AssertionError("posting alerts: HTTP " + r.statusCode() + " " + r.body());
    }
    server.awaitDrained();
  }

  /** What the scenario must produce, with the suffixed hostnames. */
  static List<Scenarios.Expected> expected(Scenarios.Scenario s, String tag) {
    return s.expected().stream()
        .map(
            e ->
                new Scenarios.Expected(
                    e.caseName(),
                    e.severity(),
                    host(e.hostname(), tag),
                    e.containerId(),
                    e.escalated(),
                    e.related()))
        .toList();
  }
}
