package io.falcocorrelator.incident;

import io.falcocorrelator.config.IncidentRetention;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.FiredCase;
import io.falcocorrelator.incident.api.IncidentHandlers;
import io.falcocorrelator.ingest.ApiRoutes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incidents feature assembled for {@code serve}: store, lifecycle, event stream, watchlist and
 * their endpoints, the background retention and the watchlist change check, and the metrics. The
 * server feeds it every composite ({@link #record}) and every fold ({@link #fold}) on the
 * correlator thread; outputs follow incidents through {@link #addListener}.
 */
public final class IncidentModule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IncidentModule.class);

  /**
   * How often the watchlist is recomputed to tell event stream clients it changed (only while some
   * are connected).
   */
  static final Duration WATCHLIST_CHECK = Duration.ofSeconds(2);

  private final IncidentService service;
  private final IncidentEvents events;
  private final WatchlistView watchlist;
  private final IncidentJson json;
  private final Function<String, String> caseNames;
  private final ScheduledExecutorService background =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "incidents");
            t.setDaemon(true);
            return t;
          });
  private volatile String lastWatchlist = "";

  /**
   * @param caseNames a case id's display name (for folded cases), from the rules in force
   */
  public IncidentModule(
      IncidentStore store,
      IncidentRetention retention,
      Optional<String> publicUrl,
      LiveContexts live,
      Clock clock,
      Function<String, String> caseNames,
      Duration heartbeat) {
    this.json = new IncidentJson(publicUrl);
    this.service = new IncidentService(store, clock, retention);
    this.events = new IncidentEvents(store, json, heartbeat);
    this.service.addListener(events);
    this.watchlist = new WatchlistView(live, clock);
    this.caseNames = caseNames;
  }

  public void bindMetrics(MeterRegistry registry) {
    String p = "falco_correlator_";
    Gauge.builder(p + "incidents", service.store(), IncidentStore::size)
        .description("Incidents stored")
        .register(registry);
    FunctionCounter.builder(
            p + "incidents_retention_removed", service, IncidentService::removedByRetention)
        .description("Incidents removed by retention (incidents.retention max_age or max_count)")
        .register(registry);
    Gauge.builder(p + "event_stream_clients", events, IncidentEvents::clients)
        .description("Connected /api/v1/events clients")
        .register(registry);
    FunctionCounter.builder(
            p + "event_stream_clients_dropped", events, IncidentEvents::droppedClients)
        .description("Event stream clients disconnected for falling behind")
        .register(registry);
    FunctionCounter.builder(p + "event_stream_not_pushed", events, IncidentEvents::notPushed)
        .description("Incident changes not pushed live because the publisher queue was full")
        .register(registry);
  }

  /** Starts the background retention and the watchlist change check. */
  public void start() {
    long every = Math.max(1, service.retention().interval().toMillis());
    background.scheduleWithFixedDelay(this::retain, 0, every, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(
        this::checkWatchlist,
        WATCHLIST_CHECK.toMillis(),
        WATCHLIST_CHECK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void retain() {
    try {
      service.enforceRetention();
    } catch (RuntimeException e) {
      log.error("incident retention failed, retrying later: {}", e.toString(), e);
    }
  }

  private void checkWatchlist() {
    if (events.clients() == 0) {
      return;
    }
    try {
      List<Watchlist.Entry> entries =
          watchlist.entries(IncidentQuery.all(), Watchlist.MAX_LIMIT).get(10, TimeUnit.SECONDS);
      StringBuilder sig = new StringBuilder();
      for (Watchlist.Entry e : entries) {
        sig.append(e.context().key()).append(' ').append(e.groups().size());
        for (Watchlist.Reachable r : e.reachable()) {
          sig.append(' ').append(r.definition().id()).append(r.missing().size());
        }
        sig.append('\n');
      }
      String now = sig.toString();
      if (!now.equals(lastWatchlist)) {
        lastWatchlist = now;
        events.watchlistChanged(entries.size());
      }
    } catch (Exception e) {
      log.debug("watchlist check skipped: {}", e.toString());
    }
  }

  /** Records a composite as an open incident (on the correlator thread). */
  public void record(CompositeAlert composite) {
    service.record(composite);
  }

  /** Attaches a folded case to its incident (on the correlator thread). */
  public void fold(FiredCase fired) {
    service.fold(fired, caseNames.apply(fired.caseId()));
  }

  public void addListener(IncidentListener listener) {
    service.addListener(listener);
  }

  public IncidentService service() {
    return service;
  }

  public IncidentJson json() {
    return json;
  }

  public IncidentEvents events() {
    return events;
  }

  public WatchlistView watchlist() {
    return watchlist;
  }

  /** The endpoints, for the server's routing table. */
  public ApiRoutes routes() {
    return new IncidentHandlers(service, json, events, watchlist);
  }

  @Override
  public void close() {
    background.shutdownNow();
    events.close();
    service.store().close();
  }
}
