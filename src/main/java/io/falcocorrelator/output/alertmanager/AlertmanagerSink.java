package io.falcocorrelator.output.alertmanager;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.IncidentStatus;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.StatusUpdate;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts firing incidents to Alertmanager and keeps them firing: Alertmanager resolves an alert
 * whose {@code endsAt} passes, so every {@code repeat_interval} the incidents still open are posted
 * again (in batches), until they are acknowledged or resolved (or {@code active_for} passes). A
 * resolved incident is posted once with {@code endsAt} = now. The first post and the status changes
 * go through the dispatcher (spool, retries, dead letters); a failed re-post is only logged, the
 * next one repeats it. The set of firing incidents is in memory and bounded.
 */
final class AlertmanagerSink implements Sink {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerSink.class);
  static final int MAX_ACTIVE = 10_000;
  static final int BATCH = 500;
  private final AlertmanagerSettings settings;
  private final HttpClient client;
  private final SinkContext context;
  private final Clock clock;
  private final URI uri;

  /** Firing incidents by composite id, oldest first, with when they were first posted. */
  private final Map<String, Firing> active = new LinkedHashMap<>();

  private final ScheduledExecutorService repeater =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "alertmanager-repeat");
            t.setDaemon(true);
            return t;
          });

  private record Firing(CompositeAlert alert, Instant since) {}

  AlertmanagerSink(
      AlertmanagerSettings settings, HttpClient client, SinkContext context, Clock clock) {
    this.settings = settings;
    this.client = client;
    this.context = context;
    this.clock = clock;
    this.uri = settings.target().uri("/api/v2/alerts");
    long every = settings.repeatInterval().toMillis();
    repeater.scheduleWithFixedDelay(this::repeat, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public Delivery send(CompositeAlert alert) {
    Delivery d = post(alert, List.of(firing(alert)));
    if (d instanceof Delivery.Delivered) {
      activate(alert, clock.instant());
    }
    return d;
  }

  /**
   * Open after a restart: re-posted from the next round on, {@code active_for} from {@code since}.
   */
  @Override
  public void resume(CompositeAlert alert, Instant since) {
    activate(alert, since);
  }

  @Override
  public boolean followsIncidents() {
    return true;
  }

  @Override
  public Delivery sendStatus(CompositeAlert alert, StatusUpdate update) {
    if (update.incidentStatus() == IncidentStatus.OPEN) {
      return send(alert);
    }
    deactivate(alert.id());
    if (update.incidentStatus() == IncidentStatus.ACKNOWLEDGED) {
      // Acknowledged: no more re-posts; Alertmanager lets the alert lapse at its endsAt.
      return Delivery.DELIVERED;
    }
    return post(
        alert,
        List.of(
            AlertmanagerPayloads.alert(
                alert, context.finding(alert), settings.labels(), clock.instant())));
  }

  private ObjectNode firing(CompositeAlert alert) {
    return AlertmanagerPayloads.alert(
        alert, context.finding(alert), settings.labels(), clock.instant().plus(settings.lapse()));
  }

  private Delivery post(CompositeAlert first, List<ObjectNode> alerts) {
    return settings
        .target()
        .postJson(client, uri, first.id(), Map.of(), AlertmanagerPayloads.body(alerts));
  }

  private synchronized void activate(CompositeAlert alert, Instant since) {
    active.putIfAbsent(alert.id(), new Firing(alert, since));
    while (active.size() > MAX_ACTIVE) {
      String oldest = active.keySet().iterator().next();
      log.warn(
          "alertmanager output: more than {} firing incidents, {} is no longer re-posted",
          MAX_ACTIVE,
          oldest);
      active.remove(oldest);
    }
  }

  private synchronized void deactivate(String id) {
    active.remove(id);
  }

  /** The incidents still firing, after dropping those older than {@code active_for}. */
  synchronized List<CompositeAlert> firingNow() {
    Instant cutoff = clock.instant().minus(settings.activeFor());
    active.values().removeIf(f -> f.since().isBefore(cutoff));
    List<CompositeAlert> out = new ArrayList<>();
    active.values().forEach(f -> out.add(f.alert()));
    return out;
  }

  private void repeat() {
    try {
      List<CompositeAlert> firing = firingNow();
      for (int i = 0; i < firing.size(); i += BATCH) {
        List<CompositeAlert> batch = firing.subList(i, Math.min(firing.size(), i + BATCH));
        List<ObjectNode> alerts = new ArrayList<>();
        batch.forEach(a -> alerts.add(firing(a)));
        Delivery d = post(batch.get(0), alerts);
        if (!(d instanceof Delivery.Delivered)) {
          log.warn(
              "alertmanager output: re-posting {} firing incident(s) failed ({}); next try in {}",
              batch.size(),
              reason(d),
              settings.repeatInterval());
        }
      }
    } catch (RuntimeException e) {
      log.warn("alertmanager output: re-post failed: {}", e.toString());
    }
  }

  private static String reason(Delivery d) {
    return d instanceof Delivery.Retryable
        ? ((Delivery.Retryable) d).reason()
        : ((Delivery.Rejected) d).reason();
  }

  @Override
  public void close() {
    repeater.shutdownNow();
  }
}
