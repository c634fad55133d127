package io.falcocorrelator.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on a loopback port that answers from a script (status, Retry-After, delay),
 * then 200 once the script runs out, and records every request: the receiver end of sink tests.
 */
public final class ScriptedHttpServer implements AutoCloseable {
  /** One scripted answer; {@code body} null for the default JSON body. */
  public record Answer(int status, String retryAfter, long delayMillis, String body) {
    public Answer(int status, String retryAfter, long delayMillis) {
      this(status, retryAfter, delayMillis, null);
    }

    public static Answer status(int s) {
      return new Answer(s, null, 0);
    }

    /** A status with the receiver's real body (a service's documented answer). */
    public static Answer of(int s, String body) {
      return new Answer(s, null, 0, body);
    }
  }

  private Answer otherwise = Answer.status(200);

  /** One recorded request. */
  public record Request(
      String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final Deque<Answer> script = new ArrayDeque<>();
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch blocker = new CountDownLatch(1);

  public ScriptedHttpServer(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  public ScriptedHttpServer() throws IOException {
    this(0);
  }

  public synchronized ScriptedHttpServer then(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Answer a;
    synchronized (this) {
      a = script.isEmpty() ? otherwise : script.poll();
    }
    requests.add(
        new Request(
            ex.getRequestMethod(),
            ex.getRequestURI().getPath(),
            Map.copyOf(ex.getRequestHeaders()),
            body));
    if (a.delayMillis() > 0) {
      try {
        blocker.await(a.delayMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (a.retryAfter() != null) {
      ex.getResponseHeaders().add("Retry-After", a.retryAfter());
    }
    String text =
        a.body() != null
            ? a.body()
            : a.status() == 200 ? "{\"ok\":true}" : "{\"error\":\"scripted\"}";
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  /** The answer once the script runs out (default 200). */
  public synchronized ScriptedHttpServer otherwise(Answer answer) {
    otherwise = answer;
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
