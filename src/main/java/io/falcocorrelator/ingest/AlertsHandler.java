package io.falcocorrelator.ingest;

import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.mapping.Classifier;
import io.falcocorrelator.mapping.GroupHit;
import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.metrics.Rejection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /}: where Falco's {@code http_output} and Falcosidekick's webhook post. The body
 * is one alert, a JSON array or NDJSON, optionally gzip-compressed. Alerts are parsed and
 * classified here and queued for the correlator; the answer is 200 only once every accepted
 * alert is queued. No correlation happens in this handler.
 *
 * <p>Small bodies (every single Falco alert) are handled on the IO thread that received them:
 * a handoff to a worker would cost more than the work. Large batches and gzip go to a worker.
 */
final class AlertsHandler implements HttpHandler {
  private static final int INLINE_LIMIT = 64 * 1024;
  /** Beyond this much unread body the connection is closed rather than drained. */
  static final long DRAIN_LIMIT = 64L << 20;
  private static final int MAX_LISTED_ERRORS = 100;
  private static final int MAX_EXPLAINED_ERRORS = 10;
  private final Supplier<Classifier> rules;
  private final AlertIntake intake;
  private final Metrics metrics;
  private final SchemaExplainer schema;
  private final AlertReader reader;
  private final int maxBodyBytes;

  AlertsHandler(Supplier<Classifier> rules, AlertIntake intake, Metrics metrics, SchemaExplainer schema,
      int maxBodyBytes) {
    this.rules = rules;
    this.intake = intake;
    this.metrics = metrics;
    this.schema = schema;
    this.maxBodyBytes = maxBodyBytes;
    this.reader = new AlertReader(Math.max(1024, maxBodyBytes));
  }

  /** The answer to nearly every request Falco sends: one alert, accepted. */
  private static final String ACCEPTED_ONE = "{\"accepted\":1,\"rejected\":0,\"errors\":[]}";

  /** The media type without parameters, in lower case; Falco's exact {@code application/json} without a copy. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    if (contentType.equals("application/json")) {
      return contentType;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public void handleRequest(HttpServerExchange ex) {
    long start = System.nanoTime();
    String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    String mediaType = mediaType(type);
    if (mediaType.equals("text/plain")) {
      metrics.rejected(Rejection.UNSUPPORTED_MEDIA_TYPE, 1);
      Responses.error(ex, 415, "received text/plain: Falco sends plain text when json_output is false; set json_output: true in falco.yaml");
      return;
    }
    if (!mediaType.isEmpty() && !mediaType.equals("application/json") && !mediaType.equals("application/x-ndjson")
        && !mediaType.equals("application/jsonl") && !mediaType.endsWith("+json")
        && !mediaType.equals("application/x-www-form-urlencoded")) {
      metrics.rejected(Rejection.UNSUPPORTED_MEDIA_TYPE, 1);
      Responses.error(ex, 415, "unsupported Content-Type " + truncate(mediaType) + ": send application/json or application/x-ndjson");
      return;
    }
    String encoding = ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
    boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
    if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
      metrics.rejected(Rejection.UNSUPPORTED_ENCODING, 1);
      Responses.error(ex, 415, "unsupported Content-Encoding " + truncate(encoding) + ": send gzip or no encoding");
      return;
    }
    long declared = ex.getRequestContentLength();
    if (declared >= 0 && declared <= INLINE_LIMIT) {
      BodyReader.read(ex, (int) declared,
          (e, body) -> {
            if (gzip) {
              e.dispatch(() -> handleBody(e, body, true, start));
            } else {
              handleBody(e, body, false, start);
            }
          },
          (e, failure) -> {
            metrics.rejected(Rejection.READ_ERROR, 1);
            e.setPersistent(false);
            Responses.error(e, 400, "could not read the request body");
          });
    } else {
      ex.dispatch(() -> readLarge(ex, gzip, start));
    }
  }

  /**
   * Reads a large or chunked body on a worker, enforcing the limit while reading. Past the
   * limit the rest is read and discarded (up to a cap) so the client, still sending, gets the
   * 413 instead of a reset connection.
   */
  private void readLarge(HttpServerExchange ex, boolean gzip, long start) {
    ex.startBlocking();
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    try (InputStream in = ex.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total <= maxBodyBytes) {
          out.write(buf, 0, n);
        } else if (total > DRAIN_LIMIT) {
          break;
        }
      }
    } catch (IOException e) {
      metrics.rejected(Rejection.READ_ERROR, 1);
      ex.setPersistent(false);
      Responses.error(ex, 400, "could not read the request body");
      return;
    }
    if (total > maxBodyBytes) {
      tooLarge(ex);
      return;
    }
    handleBody(ex, out.toByteArray(), gzip, start);
  }

  private void tooLarge(HttpServerExchange ex) {
    metrics.rejected(Rejection.TOO_LARGE, 1);
    ex.setPersistent(false);
    Responses.error(ex, 413, "body larger than " + maxBodyBytes + " bytes (limits.max_body_bytes)");
  }

  private void handleBody(HttpServerExchange ex, byte[] raw, boolean gzip, long start) {
    byte[] body = raw;
    if (gzip) {
      try {
        body = gunzip(raw);
      } catch (RequestTooBigException e) {
        tooLarge(ex);
        return;
      } catch (IOException e) {
        metrics.rejected(Rejection.INVALID_GZIP, 1);
        Responses.error(ex, 400, "Content-Encoding is gzip but the body is not valid gzip");
        return;
      }
    }
    Batch batch = read(body);
    int total = batch.accepted.size() + batch.errors.size();
    metrics.received(total);
    if (!batch.errors.isEmpty()) {
      metrics.rejected(batch.syntaxErrors > 0 ? Rejection.INVALID_JSON : Rejection.INVALID_FIELD, batch.errors.size());
    }
    if (total == 0) {
      metrics.rejected(Rejection.EMPTY_BODY, 1);
      Responses.error(ex, 400, "empty body: send one Falco alert as JSON, a JSON array of alerts, or NDJSON");
      return;
    }
    CompletableFuture<Admission> admission = batch.accepted.isEmpty() ? Admission.ACCEPTED.completed().toCompletableFuture()
        : intake.submit(batch.accepted).toCompletableFuture();
    if (admission.isDone()) {
      respond(ex, body, batch, start, admission.join());
      return;
    }
    // Answered once the intake has decided (a journal write, a broker acknowledgement), on the
    // exchange's IO thread: answering from the intake's thread was measured slower (it
    // serializes the socket writes).
    byte[] parsedBody = body;
    ex.dispatch(SameThreadExecutor.INSTANCE, () -> admission.whenComplete((answer, failure) -> ex.getIoThread().execute(
        () -> respond(ex, parsedBody, batch, start, failure == null ? answer : Admission.QUEUE_FULL))));
  }

  private void respond(HttpServerExchange ex, byte[] body, Batch batch, long start, Admission admission) {
    if (admission != Admission.ACCEPTED) {
      metrics.rejected(admission.rejection(), batch.accepted.size());
      ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      Responses.error(ex, 503, "alerts not accepted (" + admission.rejection().label() + "): retry later");
      return;
    }
    metrics.accepted(batch.accepted.size());
    if (batch.errors.isEmpty()) {
      // The common answer, without building a tree.
      int n = batch.accepted.size();
      Responses.raw(ex, 200, n == 1 ? ACCEPTED_ONE : "{\"accepted\":" + n + ",\"rejected\":0,\"errors\":[]}");
    } else {
      Responses.json(ex, batch.accepted.isEmpty() ? 400 : 200, answer(body, batch));
    }
    metrics.request(System.nanoTime() - start);
  }

  /** What one body held: classified alerts ready to queue, and the rejected items. */
  private static final class Batch {
    final List<ClassifiedAlert> accepted = new ArrayList<>(1);
    final List<ItemError> errors = new ArrayList<>(0);
    int syntaxErrors;
  }

  private Batch read(byte[] body) {
    Batch batch = new Batch();
    Classifier classifier = intake.wantsHits() ? rules.get() : null;
    reader.read(body, new AlertReader.Listener() {
      @Override
      public void alert(FalcoAlert alert, String locator, long position) {
        alert(alert, locator, position, null, 0, 0);
      }

      @Override
      public void alert(FalcoAlert alert, String locator, long position, byte[] source, int offset, int length) {
        if (alert.isInternal()) {
          countDrops(alert);
        }
        List<GroupHit> hits = classifier != null ? classifier.classify(alert) : List.of();
        // Journaling the bytes as received is a copy; encoding the alert again cost more than its parse.
        byte[] json = source != null && intake.keepsSource(hits) ? Arrays.copyOfRange(source, offset, offset + length) : null;
        batch.accepted.add(new ClassifiedAlert(alert, hits, json));
      }

      @Override
      public void error(ItemError error) {
        batch.errors.add(error);
        if (error.reason().startsWith("invalid JSON")) {
          batch.syntaxErrors++;
        }
      }
    });
    return batch;
  }

  /** Falco's "syscall event drop" messages say how much evidence may be missing. */
  private void countDrops(FalcoAlert alert) {
    Object drops = alert.field("n_drops");
    if (drops != null) {
      try {
        metrics.falcoDrops(Long.parseLong(drops.toString()));
      } catch (NumberFormatException ignored) {
        // Not a count: nothing to add.
      }
    }
  }

  private ObjectNode answer(byte[] body, Batch batch) {
    ObjectNode o = Responses.MAPPER.createObjectNode();
    o.put("accepted", batch.accepted.size());
    o.put("rejected", batch.errors.size());
    ArrayNode errors = o.putArray("errors");
    for (int i = 0; i < batch.errors.size() && i < MAX_LISTED_ERRORS; i++) {
      ItemError e = batch.errors.get(i);
      ObjectNode n = errors.addObject();
      n.put(e.locator(), e.position());
      n.put("field", e.field());
      n.put("reason", e.reason());
      if (i < MAX_EXPLAINED_ERRORS) {
        List<String> explained = schema.explain(body, e);
        if (!explained.isEmpty()) {
          explained.forEach(n.putArray("schema")::add);
        }
      }
    }
    return o;
  }

  /** Decompresses, refusing to inflate past the body limit (a gzip bomb is a small body). */
  private byte[] gunzip(byte[] raw) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > maxBodyBytes) {
          throw new RequestTooBigException();
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static String truncate(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() <= 60 ? clean : clean.substring(0, 60) + "...";
  }

  @Override
  public String toString() {
    return "falco-alerts( max-body " + maxBodyBytes + " )";
  }
}
