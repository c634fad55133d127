package io.falcocorrelator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.Classifier;
import io.falcocorrelator.mapping.GroupHit;
import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.rules.RulesLoader;
import io.falcocorrelator.support.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /}'s endpoint over a five-line fake intake: what it submits, and how it answers each
 * admission.
 */
class AlertsEndpointTest {
  private static final Classifier EMBEDDED = RulesLoader.embedded().classifier();
  private final Metrics metrics = new Metrics();
  private final List<List<ClassifiedAlert>> submitted = new CopyOnWriteArrayList<>();
  private HandlerServer server;

  /**
   * An intake answering each batch with {@code answer}; {@code wantsHits} and {@code keepsSource}
   * as given.
   */
  private AlertIntake intake(
      Function<List<ClassifiedAlert>, CompletionStage<Admission>> answer,
      boolean wantsHits,
      boolean keepsSource) {
    return new AlertIntake() {
      @Override
      public CompletionStage<Admission> submit(List<ClassifiedAlert> batch) {
        submitted.add(batch);
        return answer.apply(batch);
      }

      @Override
      public boolean keepsSource(List<GroupHit> hits) {
        return keepsSource;
      }

      @Override
      public boolean wantsHits() {
        return wantsHits;
      }
    };
  }

  private void start(Supplier<Classifier> rules, AlertIntake intake) {
    AlertsEndpoint endpoint =
        new AlertsEndpoint(rules, intake, metrics, new SchemaExplainer(), 1 << 20);
    server = new HandlerServer(new BoundedBodyHandler(1 << 20, metrics, endpoint));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<String> attack() throws Exception {
    return Files.readAllLines(Path.of("test-fixtures/scenarios/ptrace-host-injection.ndjson"));
  }

  private HttpResponse<String> post(String body) throws Exception {
    return server.send(server.post(body.getBytes(StandardCharsets.UTF_8), "application/x-ndjson"));
  }

  @Test
  void submitsTheBatchClassifiedAndAnswers200OnceAccepted() throws Exception {
    start(() -> EMBEDDED, intake(b -> Admission.ACCEPTED.completed(), true, false));
    List<String> attack = attack();
    HttpResponse<String> r = post(attack.get(0) + "\n" + attack.get(1));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"accepted\":2,\"rejected\":0,\"errors\":[]}");
    assertThat(submitted).hasSize(1);
    assertThat(submitted.get(0))
        .extracting(c -> c.alert().rule())
        .containsExactly(
            "Container Environment Enumeration by Upper Layer Process",
            "Container Environment Enumeration by Upper Layer Process");
    assertThat(submitted.get(0))
        .allSatisfy(
            c ->
                assertThat(c.hits())
                    .extracting(GroupHit::group)
                    .containsExactly(ActivityGroup.ENUMERATION));
    assertThat(submitted.get(0))
        .allSatisfy(
            c -> assertThat(c.source()).as("not kept: the intake does not read it").isNull());
    assertThat(post(attack.get(2)).body()).isEqualTo(BatchAnswer.ACCEPTED_ONE);
    assertThat(metrics.scrape()).contains("falco_correlator_alerts_accepted_total 3.0");
  }

  @Test
  void answers503WithRetryAfterAndCountsTheRefusalByItsReason() throws Exception {
    start(() -> EMBEDDED, intake(b -> Admission.NOT_DURABLE.completed(), true, false));
    List<String> attack = attack();
    HttpResponse<String> r = post(attack.get(0) + "\n" + attack.get(1));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
    assertThat(r.body()).contains("not_durable");
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"not_durable\"} 2.0")
        .contains("falco_correlator_alerts_accepted_total 0.0");
  }

  @Test
  void holdsTheAnswerUntilALaterAdmissionArrives() throws Exception {
    CompletableFuture<Admission> later = new CompletableFuture<>();
    start(() -> EMBEDDED, intake(b -> later, true, false));
    CompletableFuture<HttpResponse<String>> response =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(attack().get(0));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Await.until("the batch submitted", Duration.ofSeconds(10), () -> submitted.size() == 1);
    assertThat(response).as("no answer before the intake decided").isNotDone();
    later.complete(Admission.ACCEPTED);
    assertThat(response.get().statusCode()).isEqualTo(200);
  }

  @Test
  void neitherClassifiesNorDropsTheBytesForAnIntakeThatForwardsAlertsUnclassified()
      throws Exception {
    AtomicInteger classifierReads = new AtomicInteger();
    start(
        () -> {
          classifierReads.incrementAndGet();
          return EMBEDDED;
        },
        intake(b -> Admission.ACCEPTED.completed(), false, true));
    String line = attack().get(3);
    assertThat(post(line).statusCode()).isEqualTo(200);
    assertThat(classifierReads).hasValue(0);
    assertThat(submitted.get(0))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.hits()).isEmpty();
              assertThat(new String(c.source(), StandardCharsets.UTF_8)).isEqualTo(line);
            });
  }

  @Test
  void listsBadItemsWithTheirLineAndCountsThemByKind() throws Exception {
    start(() -> EMBEDDED, intake(b -> Admission.ACCEPTED.completed(), true, false));
    HttpResponse<String> r =
        post(
            attack().get(0)
                + "\n{\"rule\": \n"
                + attack().get(1).replace("\"Warning\"", "\"Loud\""));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("{\"accepted\":1,\"rejected\":2,\"errors\":[{\"line\":2,\"field\":\"\"")
        .contains("{\"line\":3,\"field\":\"priority\"");
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"invalid_json\"} 2.0");
    HttpResponse<String> fieldOnly = post(attack().get(1).replace("\"Warning\"", "\"Loud\""));
    assertThat(fieldOnly.statusCode()).as("nothing accepted").isEqualTo(400);
    assertThat(submitted).as("an empty batch is not submitted").hasSize(1);
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"invalid_field\"} 1.0");
  }

  @Test
  void refusesAnEmptyBody() throws Exception {
    start(() -> EMBEDDED, intake(b -> Admission.ACCEPTED.completed(), true, false));
    assertThat(post(" \n ").statusCode()).isEqualTo(400);
    assertThat(submitted).isEmpty();
    assertThat(metrics.scrape())
        .contains("falco_correlator_alerts_rejected_total{reason=\"empty_body\"} 1.0");
  }
}
