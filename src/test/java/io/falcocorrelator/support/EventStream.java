package io.falcocorrelator.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client for tests: reads {@code text/event-stream} into events as they
 * arrive.
 */
public final class EventStream implements AutoCloseable {
  /** One event: its {@code event:}, {@code id:} (null when absent) and {@code data:}. */
  public record Event(String type, String id, String data) {}

  public final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  public final List<String> comments = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Stream<String> lines;
  public final int status;

  public EventStream(HttpClient client, URI uri, String lastEventId, String authorization)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<Stream<String>> r =
        client.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
    this.status = r.statusCode();
    this.lines = r.body();
    Thread t = new Thread(this::read, "sse-test-client");
    t.setDaemon(true);
    t.start();
  }

  private void read() {
    String type = null;
    String id = null;
    List<String> data = new ArrayList<>();
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(type == null ? "message" : type, id, String.join("\n", data)));
          }
          type = null;
          id = null;
          data.clear();
        } else if (line.startsWith(":")) {
          comments.add(line);
        } else if (line.startsWith("event:")) {
          type = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).trim());
        }
      }
    } catch (RuntimeException e) {
      // the stream was closed
    }
  }

  /** The next event of {@code type}, skipping others; fails after the timeout. */
  public Event next(String type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no " + type + " event within " + timeout);
      }
      if (e.type().equals(type)) {
        return e;
      }
    }
  }

  @Override
  public void close() {
    lines.close();
  }
}
