package io.falcocorrelator.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertParserTest {
  private final AlertReader reader = new AlertReader();

  private FalcoAlert parse(String json) {
    return reader.parseOne(json.getBytes(StandardCharsets.UTF_8));
  }

  private MalformedAlertException reject(String json) {
    try {
      parse(json);
    } catch (MalformedAlertException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  static final String FALCO =
      "{\"hostname\":\"ip-10-42-17-203\",\"output\":\"03:14:16.502050878: Warning Linux Kernel Module injection from container | module=/tmp/x.ko container_id=7c3e9a1f4b2d\","
          + "\"output_fields\":{\"container.id\":\"7c3e9a1f4b2d\",\"container.privileged\":true,\"evt.time\":1771298056502050878,\"fd.name\":null,"
          + "\"proc.tty\":34816,\"user.loginuid\":-1,\"fd.types\":[\"ipv4\",\"unix\"],\"proc.ratio\":0.5},"
          + "\"priority\":\"Warning\",\"rule\":\"Linux Kernel Module Injection Detected\",\"source\":\"syscall\","
          + "\"tags\":[\"TA0003\",\"container\"],\"time\":\"2026-02-17T03:14:16.502050878Z\"}";

  @Test
  void parsesFalcoJsonOutputWithTypedFields() {
    FalcoAlert a = parse(FALCO);
    assertThat(a.rule()).isEqualTo("Linux Kernel Module Injection Detected");
    assertThat(a.priority()).isEqualTo(Priority.WARNING);
    assertThat(a.time()).isEqualTo(Instant.parse("2026-02-17T03:14:16.502050878Z"));
    assertThat(a.hostname()).isEqualTo("ip-10-42-17-203");
    assertThat(a.tags()).containsExactly("TA0003", "container");
    assertThat(a.field("evt.time")).isEqualTo(1771298056502050878L);
    assertThat(a.field("container.privileged")).isEqualTo(Boolean.TRUE);
    assertThat(a.field("user.loginuid")).isEqualTo(-1L);
    assertThat(a.field("fd.types")).isEqualTo(List.of("ipv4", "unix"));
    assertThat(a.field("proc.ratio")).isEqualTo(0.5);
    assertThat(a.fields()).doesNotContainKey("fd.name");
    assertThat(a.uuid()).isEmpty();
  }

  @Test
  void acceptsKeysInAnyOrderAndOptionalKeysMissing() {
    FalcoAlert a =
        parse("{\"time\":\"2026-02-17T03:14:16Z\",\"rule\":\"R\",\"priority\":\"notice\"}");
    assertThat(a.output()).isEmpty();
    assertThat(a.hostname()).isEmpty();
    assertThat(a.tags()).isEmpty();
    assertThat(a.fields()).isEmpty();
    assertThat(a.source()).isEqualTo("syscall");
  }

  @Test
  void acceptsFalcosidekickWebhookBody() {
    FalcoAlert a =
        parse(
            "{\"uuid\":\"7a1c0001-8b2d-4e3f-9a0b-1c2d3e4f5a6b\",\"output\":\"x \\u003cNA\\u003e \\u0026\",\"priority\":\"Critical\","
                + "\"rule\":\"Drop and execute new binary in container\",\"time\":\"2026-02-17T03:14:26.24816Z\",\"output_fields\":{\"container.id\":\"abc\",\"customfield\":\"team-a\"},"
                + "\"source\":\"syscalls\",\"tags\":[\"container\"],\"hostname\":\"node\"}\n");
    assertThat(a.uuid()).isEqualTo("7a1c0001-8b2d-4e3f-9a0b-1c2d3e4f5a6b");
    assertThat(a.output()).isEqualTo("x <NA> &");
    assertThat(a.time()).isEqualTo(Instant.parse("2026-02-17T03:14:26.248160Z"));
    assertThat(a.fieldText("customfield")).isEqualTo("team-a");
  }

  @Test
  void parsesPrioritiesCaseInsensitivelyIncludingInfo() {
    assertThat(Priority.parse("INFO")).contains(Priority.INFORMATIONAL);
    assertThat(Priority.parse("informational")).contains(Priority.INFORMATIONAL);
    assertThat(Priority.parse("eMeRgEnCy")).contains(Priority.EMERGENCY);
    assertThat(Priority.parse("severe")).isEmpty();
    assertThat(Priority.CRITICAL.atLeast(Priority.WARNING)).isTrue();
    assertThat(Priority.NOTICE.atLeast(Priority.WARNING)).isFalse();
  }

  @Test
  void acceptsInternalMessagesWithStringFields() {
    FalcoAlert a =
        parse(
            "{\"hostname\":\"n\",\"output\":\"Falco internal: syscall event drop. 894 system calls dropped in last second.\","
                + "\"output_fields\":{\"n_drops\":\"894\",\"ebpf_enabled\":\"1\"},\"priority\":\"Debug\",\"rule\":\"Falco internal: syscall event drop\","
                + "\"source\":\"internal\",\"time\":\"2026-02-17T03:14:16.502050878Z\"}");
    assertThat(a.isInternal()).isTrue();
    assertThat(a.fieldText("n_drops")).isEqualTo("894");
  }

  @Test
  void fallsBackToEvtTimeWhenTimeIsMissing() {
    FalcoAlert a =
        parse(
            "{\"rule\":\"R\",\"priority\":\"Notice\",\"output_fields\":{\"evt.time\":1771298056502050878}}");
    assertThat(a.time()).isEqualTo(Instant.parse("2026-02-17T03:14:16.502050878Z"));
  }

  @Test
  void keepsIntegersBeyond64BitsExact() {
    FalcoAlert a =
        parse(
            "{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"output_fields\":{\"big\":123456789012345678901234567890}}");
    assertThat(a.field("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
  }

  @Test
  void namesTheFieldAndWhatWasFound() {
    MalformedAlertException e =
        reject("{\"rule\":\"R\",\"priority\":\"Severe\",\"time\":\"2026-02-17T03:14:16Z\"}");
    assertThat(e.kind()).isEqualTo(ItemError.Kind.FIELD);
    assertThat(e.field()).isEqualTo("priority");
    assertThat(e.reason()).contains("Warning").contains("found \"Severe\"");

    e = reject("{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"yesterday\"}");
    assertThat(e.field()).isEqualTo("time");
    assertThat(e.reason()).contains("RFC 3339").contains("\"yesterday\"");
    e = reject("{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2300-01-01T00:00:00Z\"}");
    assertThat(e.field()).isEqualTo("time");
    assertThat(e.reason()).contains("between 1677-09-22 and 2262-04-11").contains("2300-01-01");

    e = reject("{\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\"}");
    assertThat(e.field()).isEqualTo("rule");

    e =
        reject(
            "{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"tags\":\"container\"}");
    assertThat(e.field()).isEqualTo("tags");
    assertThat(e.reason()).isEqualTo("expected an array of strings, found string \"container\"");

    e =
        reject(
            "{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"tags\":[\"a\",7]}");
    assertThat(e.field()).isEqualTo("tags[1]");

    e = reject("{\"rule\":42,\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\"}");
    assertThat(e.field()).isEqualTo("rule");
    assertThat(e.reason()).isEqualTo("expected a string, found number 42");

    e =
        reject(
            "{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"output_fields\":[]}");
    assertThat(e.field()).isEqualTo("output_fields");

    e = reject("[1]");
    assertThat(e.reason()).contains("expected a JSON object");
  }

  @Test
  void neverEchoesTheWholeValueInErrors() {
    String huge = "x".repeat(10_000) + "\n\u001b[31m";
    MalformedAlertException e =
        reject(
            "{\"rule\":\"R\",\"priority\":\""
                + huge.replace("\n", "\\n").replace("\u001b", "\\u001b")
                + "\",\"time\":\"2026-02-17T03:14:16Z\"}");
    assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\n").doesNotContain("\u001b");
  }

  @Test
  void rejectsSyntaxErrorsWithPosition() {
    MalformedAlertException e = reject("{\"rule\":\"R\",");
    assertThat(e.kind()).isEqualTo(ItemError.Kind.SYNTAX);
    assertThat(e.reason()).contains("at line 1 column");
  }

  @Test
  void rejectsDeepNestingWithoutStackOverflow() {
    String deep =
        "{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"output_fields\":{\"x\":"
            + "[".repeat(5000)
            + "]".repeat(5000)
            + "}}";
    MalformedAlertException e = reject(deep);
    assertThat(e.kind()).isEqualTo(ItemError.Kind.SYNTAX);
    assertThat(e.reason()).contains("nesting depth");
  }
}
