package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.codec.CompositeJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/events}: incident changes as Server-Sent Events.
 *
 * <ul>
 *   <li>{@code incident.created} and {@code incident.updated} (a status change or a fold) carry the
 *       incident summary; their {@code id:} is the change number, so a client that reconnects with
 *       {@code Last-Event-ID} first gets every incident changed since, read from the store (at most
 *       {@link #MAX_RESUME}; beyond that one {@code resync} event tells it to reload).
 *   <li>{@code watchlist.changed} ({@code {"entries": n}}) has no {@code id:}: the watchlist is
 *       live state, reloaded with {@code GET /api/v1/watchlist}, never replayed.
 *   <li>A comment line every heartbeat interval (15 s) keeps proxies from closing an idle stream.
 * </ul>
 *
 * <p>Correlation never waits for a client: changes are handed to one publisher thread through a
 * bounded queue (when it is full the change is not pushed live; clients still find it on resume or
 * reload), and each client may have at most {@link #MAX_PENDING_PER_CLIENT} events not yet written
 * to its socket: a client that falls that far behind is disconnected (counted) and resumes with
 * {@code Last-Event-ID} when it is able to.
 */
public final class IncidentEvents implements IncidentListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IncidentEvents.class);
  public static final int MAX_PENDING_PER_CLIENT = 256;

  /**
   * Each stream holds one of the server's concurrent request slots ({@code
   * limits.max_concurrent_requests}) while open.
   */
  public static final int MAX_CLIENTS = 64;

  public static final int MAX_RESUME = 1000;
  static final int PUBLISH_QUEUE = 10_000;
  static final int SOCKET_SEND_BUFFER = 64 * 1024;
  private final IncidentStore store;
  private final IncidentJson json;
  private final long heartbeatMillis;
  private final ServerSentEventHandler sse;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor publisher;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong notPushed = new AtomicLong();

  /** One connected client: its connection, the events not yet written, the newest change sent. */
  private static final class Client {
    final ServerSentEventConnection connection;
    final AtomicInteger pending = new AtomicInteger();
    volatile long lastVersion;

    Client(ServerSentEventConnection connection, long lastVersion) {
      this.connection = connection;
      this.lastVersion = lastVersion;
    }
  }

  public IncidentEvents(IncidentStore store, IncidentJson json, Duration heartbeat) {
    this.store = store;
    this.json = json;
    this.heartbeatMillis = heartbeat.toMillis();
    this.publisher =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(PUBLISH_QUEUE),
            r -> {
              Thread t = new Thread(r, "sse-publisher");
              t.setDaemon(true);
              return t;
            },
            (task, pool) -> notPushed.incrementAndGet());
    this.sse = new ServerSentEventHandler(this::connected);
  }

  /** The endpoint; put it behind the API's authentication. */
  public HttpHandler handler() {
    return ex -> {
      if (clients.size() >= MAX_CLIENTS) {
        ex.setStatusCode(503);
        ex.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "application/json");
        ex.getResponseSender()
            .send("{\"error\":\"too many event stream clients (" + MAX_CLIENTS + ")\"}");
        return;
      }
      ex.getResponseHeaders().put(io.undertow.util.Headers.CACHE_CONTROL, "no-cache");
      try {
        // The kernel's buffer for this socket is bounded too (Linux grows it to megabytes by
        // default): a client that stops reading is noticed after about this much.
        ex.getConnection().setOption(org.xnio.Options.SEND_BUFFER, SOCKET_SEND_BUFFER);
      } catch (IOException | IllegalArgumentException e) {
        // not supported on this connection: the per-client event bound still holds
      }
      sse.handleRequest(ex);
    };
  }

  private void connected(ServerSentEventConnection connection, String lastEventId) {
    connection.setKeepAliveTime(heartbeatMillis);
    Long resumeFrom = parse(lastEventId);
    Client client = new Client(connection, resumeFrom == null ? Long.MAX_VALUE : resumeFrom);
    connection.addCloseTask(c -> clients.remove(client));
    // Replay and registration happen on the publisher thread, in order with live events.
    execute(
        () -> {
          if (resumeFrom != null) {
            resume(client, resumeFrom);
          } else {
            client.lastVersion = store.lastVersion();
          }
          if (connection.isOpen()) {
            clients.add(client);
          }
        });
  }

  private void resume(Client client, long from) {
    List<Incident> missed = store.changedSince(from, MAX_RESUME + 1);
    if (missed.size() > MAX_RESUME) {
      send(
          client,
          "resync",
          CompositeJson.MAPPER
              .createObjectNode()
              .put("reason", "more than " + MAX_RESUME + " changes missed"),
          null);
      client.lastVersion = store.lastVersion();
      return;
    }
    for (Incident i : missed) {
      send(
          client,
          i.seq() > from ? "incident.created" : "incident.updated",
          json.summary(i),
          i.version());
    }
    client.lastVersion = missed.isEmpty() ? from : missed.get(missed.size() - 1).version();
  }

  private static Long parse(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(lastEventId.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void created(Incident incident) {
    publish("incident.created", incident);
  }

  @Override
  public void folded(Incident before, Incident after) {
    publish("incident.updated", after);
  }

  @Override
  public void statusChanged(Incident before, Incident after) {
    publish("incident.updated", after);
  }

  /** Tells clients the watchlist changed; {@code entries} is its size now. */
  public void watchlistChanged(int entries) {
    execute(
        () -> {
          JsonNode data = CompositeJson.MAPPER.createObjectNode().put("entries", entries);
          for (Client c : clients) {
            send(c, "watchlist.changed", data, null);
          }
        });
  }

  private void publish(String type, Incident incident) {
    execute(
        () -> {
          JsonNode data = json.summary(incident);
          for (Client c : clients) {
            if (incident.version() > c.lastVersion) {
              c.lastVersion = incident.version();
              send(c, type, data, incident.version());
            }
          }
        });
  }

  private void execute(Runnable task) {
    publisher.execute(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.error("publishing an event failed: {}", e.toString(), e);
          }
        });
  }

  /**
   * Queues one event on the client's connection, or drops the client when it has too many
   * unwritten.
   */
  private void send(Client c, String type, JsonNode data, Long id) {
    if (!c.connection.isOpen()) {
      clients.remove(c);
      return;
    }
    if (c.pending.incrementAndGet() > MAX_PENDING_PER_CLIENT) {
      clients.remove(c);
      dropped.incrementAndGet();
      log.warn(
          "event stream client {} is {} events behind: disconnected (it resumes with Last-Event-ID)",
          c.connection.getRequestHeaders().getFirst("User-Agent"),
          MAX_PENDING_PER_CLIENT);
      closeQuietly(c.connection);
      return;
    }
    c.connection.send(
        CompositeJson.MAPPER.writeValueAsString(data),
        type,
        id == null ? null : Long.toString(id),
        new ServerSentEventConnection.EventCallback() {
          @Override
          public void done(ServerSentEventConnection connection, String d, String e, String i) {
            c.pending.decrementAndGet();
          }

          @Override
          public void failed(
              ServerSentEventConnection connection, String d, String e, String i, IOException x) {
            c.pending.decrementAndGet();
          }
        });
  }

  private static void closeQuietly(ServerSentEventConnection connection) {
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      // already gone
    }
  }

  /** Connected clients. */
  public int clients() {
    return clients.size();
  }

  /** Clients disconnected for falling behind, since start. */
  public long droppedClients() {
    return dropped.get();
  }

  /**
   * Changes not pushed live because the publisher's queue was full (clients find them on resume).
   */
  public long notPushed() {
    return notPushed.get();
  }

  @Override
  public void close() {
    publisher.shutdownNow();
    for (Client c : clients) {
      closeQuietly(c.connection);
    }
    clients.clear();
  }
}
