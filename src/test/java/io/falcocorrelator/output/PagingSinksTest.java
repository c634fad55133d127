package io.falcocorrelator.output;

import static io.falcocorrelator.output.PayloadGoldenTest.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.DispatcherTest.Counting;
import io.falcocorrelator.output.alertmanager.AlertmanagerSettings;
import io.falcocorrelator.output.pagerduty.PagerDutySettings;
import io.falcocorrelator.support.Await;
import io.falcocorrelator.support.MutableClock;
import io.falcocorrelator.support.ScriptedHttpServer;
import io.falcocorrelator.support.ScriptedHttpServer.Answer;
import io.falcocorrelator.yaml.Secret;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The PagerDuty and Alertmanager sinks against a real local HTTP server answering as those services
 * do (PagerDuty: 202 with the dedup key, 429, 400 with its error body; Alertmanager: 200 with no
 * body, 400 with its error string), through the dispatcher, so the delivery guarantees (spool,
 * retries, dead letters) are the ones every sink has.
 */
class PagingSinksTest {
  static final String ROUTING_KEY = "R0UTING0KEY0000000000000000000ab";
  static final RetryPolicy FAST = DispatcherTest.FAST;
  final SinkContext context =
      new SinkContext(
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
          Optional.of("https://correlator.example"),
          Clock.systemUTC());

  static String accepted(String dedupKey) {
    return "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
        + dedupKey
        + "\"}";
  }

  static OutputConfig pagerduty(ScriptedHttpServer pd) {
    return new OutputConfig(
        "pd",
        "pagerduty",
        Severity.MEDIUM,
        Set.of(),
        Set.of(),
        Set.of(),
        new PagerDutySettings(
            new HttpTarget(new Secret(pd.url("/v2/enqueue")), "POST", Map.of(), ClientTls.DEFAULT),
            new Secret(ROUTING_KEY)));
  }

  static OutputConfig alertmanager(ScriptedHttpServer am, Duration repeat) {
    return new OutputConfig(
        "am",
        "alertmanager",
        Severity.MEDIUM,
        Set.of(),
        Set.of(),
        Set.of(),
        new AlertmanagerSettings(
            new HttpTarget(new Secret(am.url("")), "POST", Map.of(), ClientTls.DEFAULT),
            repeat,
            Duration.ofHours(1),
            Map.of("team", "security")));
  }

  static CompositeAlert escalated(CompositeAlert a, String id, String from) {
    return new CompositeAlert(
        id,
        a.definition(),
        a.key(),
        a.info(),
        a.groups(),
        a.evidence(),
        a.firstSeen(),
        a.lastSeen(),
        a.relatedCases(),
        from,
        a.detectedAt());
  }

  /** A dispatcher with one Alertmanager output, its sink and retries on {@code clock}. */
  Dispatcher alertmanagerDispatcher(
      ScriptedHttpServer am, Duration repeat, Clock clock, Path dir, Counting m) throws Exception {
    return new Dispatcher(
        List.of(alertmanager(am, repeat)),
        new SinkContext(context.http(), context.publicUrl(), clock),
        new Spool(dir, false, clock),
        FAST,
        m,
        clock);
  }

  /** How many posts since request {@code from} carried {@code alert} and no other incident. */
  static long postsOfOnly(ScriptedHttpServer am, int from, CompositeAlert alert) {
    return postsOfOnly(am, from, alert.id());
  }

  /** How many posts since request {@code from} carried incident {@code id} and no other. */
  static long postsOfOnly(ScriptedHttpServer am, int from, String id) {
    List<ScriptedHttpServer.Request> all = List.copyOf(am.requests);
    return all.subList(from, all.size()).stream()
        .filter(r -> body(r).findValuesAsString("incident").equals(List.of(id)))
        .count();
  }

  static StatusUpdate update(IncidentStatus s) {
    return StatusUpdate.of(s, "analyst", Instant.now());
  }

  static JsonNode body(ScriptedHttpServer.Request r) {
    return CompositeJson.MAPPER.readTree(r.body());
  }

  /** An escalation chain: the first composite, its escalation, and the escalation of that. */
  static final CompositeAlert FIRST =
      escalated(HOSTILE, "11111111-0000-3000-8000-000000000001", "");

  static final CompositeAlert SECOND =
      escalated(HOSTILE, "22222222-0000-3000-8000-000000000002", FIRST.id());
  static final CompositeAlert THIRD =
      escalated(HOSTILE, "33333333-0000-3000-8000-000000000003", SECOND.id());

  Dispatcher pagerDutyDispatcher(ScriptedHttpServer pd, Path dir, Counting m) throws Exception {
    return new Dispatcher(
        List.of(pagerduty(pd)), context, new Spool(dir, false), FAST, m, Clock.systemUTC());
  }

  @Test
  void pagerDutyKeepsAChainsKeyForIncidentsResumedAfterARestart(@TempDir Path dir)
      throws Exception {
    try (ScriptedHttpServer pd = new ScriptedHttpServer()) {
      pd.otherwise(Answer.of(202, accepted(FIRST.id())));
      Counting m = new Counting();
      Dispatcher d = pagerDutyDispatcher(pd, dir, m);
      // What a restart hands over: the chain's open incidents, oldest first. Nothing is sent.
      d.resume(FIRST, Instant.parse("2026-12-05T12:00:00Z"));
      d.resume(SECOND, Instant.parse("2026-12-05T12:01:00Z"));
      d.submit(THIRD);
      Await.until("escalation", Duration.ofSeconds(10), () -> m.delivered.get() == 1);
      d.close(Duration.ofSeconds(5));
      assertThat(pd.requests).hasSize(1);
      assertThat(body(pd.requests.get(0)).path("dedup_key").asString()).isEqualTo(FIRST.id());
    }
  }

  @Test
  void pagerDutyTriggersOneIncidentPerEscalationChainAndFollowsItsStatus(@TempDir Path dir)
      throws Exception {
    try (ScriptedHttpServer pd = new ScriptedHttpServer()) {
      pd.otherwise(Answer.of(202, accepted(FIRST.id())));
      Counting m = new Counting();
      Dispatcher d = pagerDutyDispatcher(pd, dir, m);
      d.submit(FIRST);
      Await.until("trigger", Duration.ofSeconds(10), () -> m.delivered.get() == 1);
      d.submit(SECOND);
      Await.until("escalation", Duration.ofSeconds(10), () -> m.delivered.get() == 2);
      d.submit(THIRD);
      Await.until("second escalation", Duration.ofSeconds(10), () -> m.delivered.get() == 3);
      d.submitStatus(THIRD, update(IncidentStatus.ACKNOWLEDGED));
      Await.until("acknowledge", Duration.ofSeconds(10), () -> m.delivered.get() == 4);
      d.submitStatus(THIRD, update(IncidentStatus.RESOLVED));
      Await.until("resolve", Duration.ofSeconds(10), () -> m.delivered.get() == 5);
      d.close(Duration.ofSeconds(5));
      assertThat(pd.requests)
          .extracting(r -> body(r).path("event_action").asString())
          .containsExactly("trigger", "trigger", "trigger", "acknowledge", "resolve");
      assertThat(pd.requests)
          .extracting(r -> body(r).path("dedup_key").asString())
          .containsOnly(FIRST.id());
      assertThat(pd.requests)
          .extracting(ScriptedHttpServer.Request::path)
          .containsOnly("/v2/enqueue");
      JsonNode trigger = body(pd.requests.get(0));
      assertThat(trigger.path("routing_key").asString()).isEqualTo(ROUTING_KEY);
      assertThat(trigger.path("payload").path("severity").asString()).isEqualTo("error");
      assertThat(trigger.path("payload").path("source").asString())
          .isEqualTo(HOSTILE.key().hostname());
      assertThat(trigger.path("payload").path("summary").asString())
          .startsWith("Docker Socket Escape (High) in container ci-runner|prod=1");
      assertThat(trigger.path("payload").path("summary").asString().length())
          .isLessThanOrEqualTo(1024);
      JsonNode details = trigger.path("payload").path("custom_details");
      assertThat(details.path("context").path("k8s_pod_name").asString())
          .isEqualTo("ci-runner-<!everyone>");
      assertThat(details.path("groups").toString()).contains("socket_discovery");
      assertThat(details.path("link").asString())
          .isEqualTo("https://correlator.example/ui/incidents/" + FIRST.id());
      assertThat(
              details
                  .path("evidence")
                  .get(0)
                  .path("output_fields")
                  .path("proc.pid")
                  .isIntegralNumber())
          .isTrue();
      assertThat(trigger.path("links").get(0).path("href").asString())
          .endsWith("/ui/incidents/" + FIRST.id());
      JsonNode resolve = body(pd.requests.get(4));
      assertThat(resolve.has("payload")).isFalse();
      assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".json")).count())
          .as("spool emptied")
          .isZero();
    }
  }

  @Test
  void pagerDutyRateLimitIsRetriedAndAnInvalidEventIsDeadLetteredWithItsReason(@TempDir Path dir)
      throws Exception {
    try (ScriptedHttpServer pd = new ScriptedHttpServer()) {
      pd.then(
          Answer.status(429),
          Answer.of(202, accepted(HOSTILE.id())),
          Answer.of(
              400,
              "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                  + "\"errors\":[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}"));
      Counting m = new Counting();
      Dispatcher d = pagerDutyDispatcher(pd, dir, m);
      d.submit(HOSTILE);
      Await.until("delivery after a 429", Duration.ofSeconds(10), () -> m.delivered.get() == 1);
      assertThat(m.retried.get()).isEqualTo(1);
      d.submitStatus(HOSTILE, update(IncidentStatus.RESOLVED));
      Await.until("dead letter", Duration.ofSeconds(10), () -> m.dead.get() == 1);
      d.close(Duration.ofSeconds(5));
      assertThat(pd.requests).hasSize(3);
      String dead = Files.readString(dir.resolve(Spool.DEAD_LETTER));
      JsonNode line = CompositeJson.MAPPER.readTree(dead.strip());
      assertThat(line.path("reason").asString())
          .startsWith("HTTP 400")
          .contains("Event object is invalid")
          .contains("Length of 'routing_key' is incorrect");
      assertThat(line.path("status_update").path("status").asString())
          .as("resend sends it as a resolve again")
          .isEqualTo("resolved");
      assertThat(dead).doesNotContain(ROUTING_KEY);
    }
  }

  @Test
  void aSpooledStatusChangeIsDeliveredAfterARestart(@TempDir Path dir) throws Exception {
    Spool spool = new Spool(dir, false);
    StatusUpdate resolved =
        StatusUpdate.of(IncidentStatus.RESOLVED, "analyst", Instant.parse("2026-02-17T05:00:00Z"));
    // What a process killed before delivering the resolve leaves behind.
    assertThat(spool.write(HOSTILE, Optional.of(resolved), List.of("pd"))).isTrue();
    try (ScriptedHttpServer pd = new ScriptedHttpServer()) {
      pd.otherwise(Answer.of(202, accepted(HOSTILE.id())));
      Counting m = new Counting();
      Dispatcher d =
          new Dispatcher(List.of(pagerduty(pd)), context, spool, FAST, m, Clock.systemUTC());
      d.start();
      Await.until("resolve from the spool", Duration.ofSeconds(10), () -> m.delivered.get() == 1);
      d.close(Duration.ofSeconds(5));
      assertThat(body(pd.requests.get(0)).path("event_action").asString()).isEqualTo("resolve");
      assertThat(body(pd.requests.get(0)).path("dedup_key").asString()).isEqualTo(HOSTILE.id());
      // Delivered once: the same change is not delivered again, a later one is.
      assertThat(spool.write(HOSTILE, Optional.of(resolved), List.of("pd"))).isFalse();
      assertThat(
              spool.write(
                  HOSTILE,
                  Optional.of(
                      StatusUpdate.of(
                          IncidentStatus.RESOLVED,
                          "analyst",
                          Instant.parse("2026-02-18T05:00:00Z"))),
                  List.of("pd")))
          .isTrue();
    }
  }

  @Test
  void statusChangesGoOnlyToSinksThatFollowStatus(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer splunk = new ScriptedHttpServer();
        ScriptedHttpServer hook = new ScriptedHttpServer();
        ScriptedHttpServer pd = new ScriptedHttpServer()) {
      pd.otherwise(Answer.of(202, accepted(HOSTILE.id())));
      OutputConfig hec =
          new OutputConfig(
              "hec",
              "splunk",
              Severity.MEDIUM,
              Set.of(),
              Set.of(),
              Set.of(),
              new io.falcocorrelator.output.splunk.SplunkSettings(
                  new HttpTarget(new Secret(splunk.url("")), "POST", Map.of(), ClientTls.DEFAULT),
                  new Secret("tok"),
                  Optional.empty(),
                  "falco:correlator",
                  "falco-correlator",
                  Formats.NATIVE));
      OutputConfig lake =
          new OutputConfig(
              "lake",
              "webhook",
              Severity.MEDIUM,
              Set.of(),
              Set.of(),
              Set.of(),
              new io.falcocorrelator.output.webhook.WebhookSettings(
                  new HttpTarget(
                      new Secret(hook.url("/ocsf")), "POST", Map.of(), ClientTls.DEFAULT),
                  io.falcocorrelator.output.ocsf.OcsfPayloads.FORMAT));
      Counting m = new Counting();
      Dispatcher d =
          new Dispatcher(
              List.of(hec, lake, pagerduty(pd)),
              context,
              new Spool(dir, false),
              FAST,
              m,
              Clock.systemUTC());
      d.submit(HOSTILE);
      Await.until("detections", Duration.ofSeconds(10), () -> m.delivered.get() == 3);
      d.submitStatus(HOSTILE, update(IncidentStatus.RESOLVED));
      Await.until("resolve", Duration.ofSeconds(10), () -> m.delivered.get() == 5);
      d.close(Duration.ofSeconds(5));
      assertThat(splunk.requests).hasSize(1);
      assertThat(pd.requests)
          .extracting(r -> body(r).path("event_action").asString())
          .containsExactly("trigger", "resolve");
      assertThat(hook.requests)
          .extracting(r -> r.header("X-Falco-Correlator-Event"))
          .containsExactly("composite", "incident.status");
      JsonNode close = body(hook.requests.get(1));
      assertThat(close.path("activity_id").asInt()).isEqualTo(3);
      assertThat(close.path("status_id").asInt()).isEqualTo(4);
      assertThat(close.path("finding_info").path("uid").asString()).isEqualTo(HOSTILE.id());
      assertThat(SiemFormatsTest.ocsfErrors(close)).isEmpty();
    }
  }

  @Test
  void alertmanagerGetsLabelledAlertsRepostedUntilAcknowledgedAndEndedOnResolve(@TempDir Path dir)
      throws Exception {
    CompositeAlert other = escalated(HOSTILE, "44444444-0000-3000-8000-000000000004", "");
    MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    try (ScriptedHttpServer am = new ScriptedHttpServer()) {
      am.otherwise(Answer.of(200, ""));
      Counting m = new Counting();
      Dispatcher d = alertmanagerDispatcher(am, Duration.ofMillis(300), clock, dir, m);
      d.submit(HOSTILE);
      Await.until("first post", Duration.ofSeconds(10), () -> m.delivered.get() == 1);
      JsonNode first = body(am.requests.get(0)).get(0);
      assertThat(am.requests.get(0).path()).isEqualTo("/api/v2/alerts");
      JsonNode labels = first.path("labels");
      assertThat(labels.path("alertname").asString()).isEqualTo("Docker Socket Escape");
      assertThat(labels.path("severity").asString()).isEqualTo("high");
      assertThat(labels.path("namespace").asString()).isEqualTo("monitoring");
      assertThat(labels.path("pod").asString()).isEqualTo("ci-runner-<!everyone>");
      assertThat(labels.path("node").asString()).isEqualTo(HOSTILE.key().hostname());
      assertThat(labels.path("container").asString()).isEqualTo("ci-runner|prod=1");
      assertThat(labels.path("incident").asString()).isEqualTo(HOSTILE.id());
      assertThat(labels.path("team").asString()).isEqualTo("security");
      assertThat(first.path("annotations").path("summary").asString())
          .startsWith("Docker Socket Escape (High)");
      assertThat(first.path("annotations").path("link").asString())
          .endsWith("/ui/incidents/" + HOSTILE.id());
      assertThat(first.path("generatorURL").asString()).endsWith("/ui/incidents/" + HOSTILE.id());
      assertThat(Instant.parse(first.path("startsAt").asString())).isEqualTo(HOSTILE.firstSeen());
      // Firing for four repeat intervals unless posted again, as Prometheus does.
      assertThat(Instant.parse(first.path("endsAt").asString()))
          .isEqualTo(clock.instant().plusMillis(1200));
      // Firing: posted again every repeat interval, as Alertmanager expects.
      Await.until("re-posts", Duration.ofSeconds(10), () -> am.requests.size() >= 3);
      d.submit(other);
      Await.until("second incident", Duration.ofSeconds(10), () -> m.delivered.get() == 2);
      Await.until(
          "both re-posted together",
          Duration.ofSeconds(10),
          () -> body(am.requests.get(am.requests.size() - 1)).size() == 2);
      d.submitStatus(HOSTILE, update(IncidentStatus.ACKNOWLEDGED));
      Await.until("acknowledged", Duration.ofSeconds(10), () -> m.delivered.get() == 3);
      Await.until(
          "only the other one re-posted",
          Duration.ofSeconds(10),
          () ->
              body(am.requests.get(am.requests.size() - 1)).size() == 1
                  && body(am.requests.get(am.requests.size() - 1))
                      .get(0)
                      .path("labels")
                      .path("incident")
                      .asString()
                      .equals(other.id()));
      clock.advance(Duration.ofMinutes(1));
      d.submitStatus(other, update(IncidentStatus.RESOLVED));
      Await.until("resolved", Duration.ofSeconds(10), () -> m.delivered.get() == 4);
      JsonNode resolved = body(am.requests.get(am.requests.size() - 1)).get(0);
      assertThat(resolved.path("labels").path("incident").asString()).isEqualTo(other.id());
      assertThat(Instant.parse(resolved.path("endsAt").asString())).isEqualTo(clock.instant());
      // No re-post of a resolved or acknowledged incident: a re-post carries every incident still
      // firing, so once a third one fires, a second post carrying only it (its first post, then a
      // re-post) shows a round that found nothing else firing.
      int settled = am.requests.size();
      CompositeAlert third = escalated(HOSTILE, "55555555-0000-3000-8000-000000000005", "");
      d.submit(third);
      Await.until(
          "a re-post of the third incident alone",
          Duration.ofSeconds(10),
          () -> postsOfOnly(am, settled, third) >= 2);
      d.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void alertmanagerStopsRepostingAnIncidentFiringLongerThanActiveFor(@TempDir Path dir)
      throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    CompositeAlert later = escalated(HOSTILE, "66666666-0000-3000-8000-000000000006", "");
    try (ScriptedHttpServer am = new ScriptedHttpServer()) {
      am.otherwise(Answer.of(200, ""));
      Counting m = new Counting();
      Dispatcher d = alertmanagerDispatcher(am, Duration.ofMillis(200), clock, dir, m);
      d.submit(HOSTILE);
      Await.until("re-posted while active", Duration.ofSeconds(10), () -> am.requests.size() >= 2);
      // active_for is one hour (alertmanager(...)): past it, HOSTILE is no longer re-posted, while
      // an incident that started firing since still is.
      clock.advance(Duration.ofHours(1).plusSeconds(1));
      d.submit(later);
      Await.until("later incident", Duration.ofSeconds(10), () -> m.delivered.get() == 2);
      int posted = am.requests.size();
      Await.until(
          "a re-post of the later incident alone",
          Duration.ofSeconds(10),
          () -> postsOfOnly(am, posted, later) >= 1);
      d.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void alertmanagerErrorsAreRetriedOrDeadLettered(@TempDir Path dir) throws Exception {
    try (ScriptedHttpServer am = new ScriptedHttpServer()) {
      am.then(
          Answer.of(500, "\"failed to store alerts\""),
          Answer.of(200, ""),
          Answer.of(400, "\"start time must be before end time\""));
      Counting m = new Counting();
      Dispatcher d =
          new Dispatcher(
              List.of(alertmanager(am, Duration.ofMinutes(5))),
              context,
              new Spool(dir, false),
              FAST,
              m,
              Clock.systemUTC());
      d.submit(HOSTILE);
      Await.until("delivery after a 500", Duration.ofSeconds(10), () -> m.delivered.get() == 1);
      assertThat(m.retried.get()).isEqualTo(1);
      d.submitStatus(HOSTILE, update(IncidentStatus.RESOLVED));
      Await.until("dead letter", Duration.ofSeconds(10), () -> m.dead.get() == 1);
      d.close(Duration.ofSeconds(5));
      assertThat(Files.readString(dir.resolve(Spool.DEAD_LETTER)))
          .contains("HTTP 400: \\\"start time must be before end time\\\"");
    }
  }
}
