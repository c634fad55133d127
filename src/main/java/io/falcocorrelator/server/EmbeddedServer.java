package io.falcocorrelator.server;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.CorrelationStats;
import io.falcocorrelator.event.Text;
import io.falcocorrelator.ingest.IngestServer;
import io.falcocorrelator.ingest.Readiness;
import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.output.Dispatcher;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.Spool;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesLoader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node service assembled: rules, correlator thread, HTTP server, metrics, reload. {@code
 * serve} and the integration tests both start it through here.
 */
public final class EmbeddedServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
  private final ServerConfig config;
  private final Metrics metrics = new Metrics();
  private final CorrelationStats stats = new CorrelationStats();
  private final RecentComposites recent;
  private final CorrelationService service;
  private final RulesReloader reloader;
  private final IngestServer http;
  private final Dispatcher dispatcher;
  private final DurableState durable;
  private final KafkaIntake kafka;
  private final io.falcocorrelator.incident.IncidentModule incidents;
  private final io.falcocorrelator.incident.CompositeTopicReader compositeTopic;
  private volatile boolean stopped;

  public EmbeddedServer(ServerConfig config, Clock clock, Consumer<CompositeAlert> extraSink)
      throws IOException, GeneralSecurityException {
    this.config = config;
    RuleSet rules =
        config.rules().dir().map(RulesLoader::fromDirectory).orElseGet(RulesLoader::embedded);
    this.recent = new RecentComposites(config.api().compositesKept());
    this.dispatcher =
        config.outputs().routes().isEmpty()
            ? null
            : newDispatcher(config.outputs(), config.incidents().publicUrl(), metrics, clock);
    // Assigned below, before the correlator starts: the sink runs only on the correlator thread.
    io.falcocorrelator.incident.IncidentModule[] incidentsRef =
        new io.falcocorrelator.incident.IncidentModule[1];
    Consumer<CompositeAlert> sink =
        c -> {
          recent.add(c);
          incidentsRef[0].record(c);
          metrics.composite(c);
          // The context comes from alert fields: control characters are escaped so it cannot forge
          // log lines.
          log.info(
              "composite case=\"{}\" severity={} context={} id={} groups={}",
              c.caseName(),
              c.severity().label(),
              escapeControls(c.key().toString()),
              c.id(),
              c.groups().size());
          if (dispatcher != null) {
            dispatcher.submit(c);
          }
          extraSink.accept(c);
        };
    this.durable =
        config.state().dir().isEmpty()
            ? null
            : DurableState.open(
                config.state().dir().get(), config.state().fsync(), clock, log::warn);
    this.service =
        new CorrelationService(
            rules,
            config.limits().queueCapacity(),
            clock,
            Duration.ofSeconds(30),
            stats,
            sink,
            durable);
    this.incidents =
        new io.falcocorrelator.incident.IncidentModule(
            incidentStore(service, config.kafkaIngest().isPresent()),
            config.incidents().retention(),
            config.incidents().publicUrl(),
            service::query,
            clock,
            id ->
                service
                    .rules()
                    .correlator()
                    .cases()
                    .byId(id)
                    .map(io.falcocorrelator.correlate.CaseDefinition::name)
                    .orElse(id),
            Duration.ofSeconds(15));
    incidentsRef[0] = incidents;
    incidents.bindMetrics(metrics.registry());
    service.setFoldListener(incidents::fold);
    if (dispatcher != null) {
      var notifier = new io.falcocorrelator.incident.OutputNotifier(dispatcher);
      incidents.addListener(notifier);
      // Sinks that keep open incidents in memory (Alertmanager) pick up those a restart restored.
      int open = notifier.resumeOpen(incidents.service().store());
      if (open > 0) {
        log.info("outputs: {} open incident(s) resumed", open);
      }
    }
    this.reloader = new RulesReloader(config.rules().dir(), service, metrics, clock);
    metrics.bind(stats, service::contexts, service::depth, service.capacity());
    metrics.bindMappingHits(() -> service.rules().classifier().hits());
    this.kafka =
        config
            .kafkaIngest()
            .map(k -> new KafkaIntake(k.bootstrapServers(), k.topic(), k.properties()))
            .orElse(null);
    // With kafka_ingest the composites come from the Streams topology: this process serves their
    // incidents.
    this.compositeTopic =
        config
            .kafkaIngest()
            .map(
                k ->
                    new io.falcocorrelator.incident.CompositeTopicReader(
                        k.bootstrapServers(),
                        k.compositesTopic(),
                        k.properties(),
                        incidents::record))
            .orElse(null);
    this.http =
        new IngestServer(
            config,
            new IngestServer.Ports(
                service::rules,
                kafka != null ? kafka : service.intake(),
                key -> service.query(t -> t.get(key)),
                () ->
                    new Readiness.Snapshot(
                        service.depth(), service.capacity(), service.rules().toString()),
                reloader::reload,
                reloader::lastReload,
                recent::list,
                java.util.List.of(
                    incidents.routes(), new io.falcocorrelator.ui.ConsoleRoutes(metrics))),
            metrics);
  }

  /**
   * With {@code state.dir}, incidents live in the state's store and are written in its commits;
   * else in memory.
   */
  private static io.falcocorrelator.incident.IncidentStore incidentStore(
      CorrelationService service, boolean fromKafka) throws IOException {
    if (service.rocks().isEmpty()) {
      return new io.falcocorrelator.incident.MemoryIncidentStore();
    }
    try {
      var store =
          io.falcocorrelator.incident.DurableIncidentStore.open(
              service.rocks().get(), fromKafka, log::warn);
      service.addCommitHook(store.commitHook());
      log.info("incidents: {} stored", store.stored());
      return store;
    } catch (org.rocksdb.RocksDBException e) {
      throw new IOException("cannot read the incidents in the state store: " + e.getMessage(), e);
    }
  }

  private static Dispatcher newDispatcher(
      ServerConfig.Outputs outputs,
      java.util.Optional<String> publicUrl,
      Metrics metrics,
      Clock clock)
      throws IOException, GeneralSecurityException {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      return new Dispatcher(
          outputs.routes(),
          new SinkContext(http, publicUrl, clock),
          new Spool(outputs.spoolDir(), outputs.fsync(), clock),
          outputs.retry(),
          metrics,
          clock);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot start outputs: " + e.getMessage(), e);
    }
  }

  static String escapeControls(String s) {
    return Text.truncate(Text.escapeControls(s), 300);
  }

  public void start() throws IOException {
    if (dispatcher != null) {
      dispatcher.start();
    }
    service.recover(new io.falcocorrelator.event.AlertReader());
    service.start();
    incidents.start();
    if (compositeTopic != null) {
      compositeTopic.start();
    }
    http.start();
    if (config.rules().watch()) {
      reloader.watch();
    }
    log.info(
        "falco-correlator listening on {} ({}; {})", http.url(), config.summary(), service.rules());
  }

  public int port() {
    return http.port();
  }

  public RulesReloader reloader() {
    return reloader;
  }

  public CorrelationService service() {
    return service;
  }

  public Metrics metrics() {
    return metrics;
  }

  /** The incident store, lifecycle and event stream. */
  public io.falcocorrelator.incident.IncidentModule incidents() {
    return incidents;
  }

  /**
   * Graceful stop: refuse new requests, finish those in flight, correlate everything queued, then
   * return. Composites are delivered to their sinks before this returns.
   */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    Duration timeout = config.limits().shutdownTimeout();
    log.info("shutting down: draining {} queued alerts", service.depth());
    reloader.close();
    // Event streams never end by themselves: closed first, or the HTTP shutdown waits for them.
    incidents.events().close();
    http.shutdown(timeout);
    if (compositeTopic != null) {
      compositeTopic.close();
    }
    boolean drained = service.close(timeout);
    incidents.close();
    if (durable != null) {
      durable.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (dispatcher != null) {
      dispatcher.close(timeout);
    }
    log.info("stopped{}", drained ? "" : " (queue not fully drained)");
  }
}
