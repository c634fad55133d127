package io.falcocorrelator.support;

import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds Falco alerts for unit tests as Falco would send them, then parses them for real. */
public final class TestAlerts {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final AlertReader READER = new AlertReader();

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private String rule = "Terminal shell in container";
  private String priority = "Notice";
  private Instant time = Instant.parse("2026-02-17T03:14:16.502050878Z");
  private String hostname = "node-1";
  private String output;
  private String source = "syscall";
  private java.util.List<String> tags = java.util.List.of("container");

  public static TestAlerts alert(String rule) {
    TestAlerts a = new TestAlerts();
    a.rule = rule;
    a.fields.put("container.id", "7c3e9a1f4b2d");
    a.fields.put("container.name", "web");
    a.fields.put("proc.cmdline", "bash -c id");
    a.fields.put("proc.name", "bash");
    return a;
  }

  public TestAlerts at(Instant t) {
    this.time = t;
    return this;
  }

  public TestAlerts at(String t) {
    return at(Instant.parse(t));
  }

  public TestAlerts plusSeconds(long s) {
    return at(time.plusSeconds(s));
  }

  public TestAlerts host(String h) {
    this.hostname = h;
    return this;
  }

  public TestAlerts container(String id) {
    return field("container.id", id);
  }

  public TestAlerts priority(String p) {
    this.priority = p;
    return this;
  }

  public TestAlerts source(String s) {
    this.source = s;
    return this;
  }

  public TestAlerts tags(String... t) {
    this.tags = java.util.List.of(t);
    return this;
  }

  public TestAlerts output(String o) {
    this.output = o;
    return this;
  }

  public TestAlerts field(String name, Object value) {
    if (value == null) {
      fields.remove(name);
    } else {
      fields.put(name, value);
    }
    return this;
  }

  public String json() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("hostname", hostname);
    o.put(
        "output",
        output != null
            ? output
            : "03:14:16.502050878: "
                + priority
                + " "
                + rule
                + " | command="
                + fields.get("proc.cmdline"));
    o.set("output_fields", MAPPER.valueToTree(fields));
    o.put("priority", priority);
    o.put("rule", rule);
    o.put("source", source);
    var tagArray = o.putArray("tags");
    tags.forEach(tagArray::add);
    o.put("time", time.toString());
    return MAPPER.writeValueAsString(o);
  }

  public FalcoAlert build() {
    return READER.parseOne(json().getBytes(StandardCharsets.UTF_8));
  }
}
