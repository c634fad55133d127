package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.falcocorrelator.metrics.Metrics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Content-Type and Content-Encoding gate of {@code POST /}, alone in front of a counting
 * handler.
 */
class MediaTypeHandlerTest {
  private final Metrics metrics = new Metrics();
  private final AtomicInteger passed = new AtomicInteger();
  private final HandlerServer server =
      new HandlerServer(
          new MediaTypeHandler(
              metrics,
              ex -> {
                passed.incrementAndGet();
                ex.setStatusCode(204);
              }));
  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void passesJsonInEverySpellingSendersUse() throws Exception {
    for (String type :
        new String[] {
          "application/json",
          "application/json; charset=utf-8",
          "Application/JSON",
          "application/x-ndjson",
          "application/jsonl",
          "application/cloudevents+json",
          "application/x-www-form-urlencoded",
          null
        }) {
      assertThat(server.send(server.post(BODY, type)).statusCode())
          .as(String.valueOf(type))
          .isEqualTo(204);
    }
    assertThat(
            server
                .send(server.post(BODY, "application/json").header("Content-Encoding", "gzip"))
                .statusCode())
        .isEqualTo(204);
    assertThat(
            server
                .send(
                    server.post(BODY, "application/json").header("Content-Encoding", " Identity "))
                .statusCode())
        .isEqualTo(204);
    assertThat(passed).hasValue(10);
  }

  @Test
  void refusesFalcosPlainTextWithTheSettingThatFixesIt() throws Exception {
    HttpResponse<String> r = server.send(server.post(BODY, "text/plain"));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).contains("json_output: true");
    assertThat(passed).hasValue(0);
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"unsupported_media_type\"} 1.0");
  }

  @Test
  void refusesOtherMediaTypesAndEncodingsNamingThemPrintably() throws Exception {
    HttpResponse<String> xml = server.send(server.post(BODY, "application/xml"));
    assertThat(xml.statusCode()).isEqualTo(415);
    assertThat(xml.body()).contains("application/xml");
    HttpResponse<String> br =
        server.send(server.post(BODY, "application/json").header("Content-Encoding", "br"));
    assertThat(br.statusCode()).isEqualTo(415);
    assertThat(br.body()).contains("Content-Encoding br");
    HttpResponse<String> long_ = server.send(server.post(BODY, "application/" + "x".repeat(500)));
    assertThat(long_.statusCode()).isEqualTo(415);
    assertThat(long_.body()).hasSizeLessThan(300);
    assertThat(passed).hasValue(0);
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"unsupported_media_type\"} 2.0")
        .contains("falco_correlator_alerts_rejected_total{reason=\"unsupported_encoding\"} 1.0");
  }

  @Test
  void refusesToBeBuiltWithoutANextHandler() {
    assertThatThrownBy(() -> new MediaTypeHandler(metrics, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("next");
  }
}
