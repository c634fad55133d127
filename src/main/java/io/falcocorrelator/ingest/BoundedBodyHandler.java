package io.falcocorrelator.ingest;

import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.metrics.Rejection;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads the whole request body, at most {@code maxBodyBytes} of it (after gzip decompression, so a
 * gzip bomb, a small body, is refused too), and hands it to a {@link BodyConsumer}: 413 past the
 * limit, 400 for a body that cannot be read or is not valid gzip.
 *
 * <p>A small identity body with a declared length (every single Falco alert) is read straight into
 * its array on the IO thread, and the consumer runs there: a handoff to a worker would cost more
 * than the work (Undertow's {@code receiveFullBytes} copies from a pooled buffer byte by byte,
 * which profiled as the largest single cost of a one-alert request). Large, chunked and gzip bodies
 * are read or decompressed on a worker, and the consumer runs there.
 */
final class BoundedBodyHandler implements HttpHandler {
  /** Bodies up to this declared length are read on the IO thread. */
  static final int INLINE_LIMIT = 64 * 1024;

  /**
   * Beyond this much unread body (or the body limit, if larger) the connection is closed rather
   * than drained.
   */
  static final long DRAIN_LIMIT = 64L << 20;

  /** The least body limit: an alert with its output fields fits. */
  static final int MIN_BODY_BYTES = 1024;

  /** Receives a whole body: on the IO thread for small identity bodies, else on a worker. */
  @FunctionalInterface
  interface BodyConsumer {
    /**
     * @param startNanos {@link System#nanoTime()} when the request reached this handler
     */
    void body(HttpServerExchange ex, byte[] body, long startNanos);
  }

  private final int maxBodyBytes;
  private final Metrics metrics;
  private final BodyConsumer next;

  BoundedBodyHandler(int maxBodyBytes, Metrics metrics, BodyConsumer next) {
    if (maxBodyBytes < MIN_BODY_BYTES) {
      throw new IllegalArgumentException(
          "maxBodyBytes must be at least " + MIN_BODY_BYTES + ": " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.next = Objects.requireNonNull(next, "next");
  }

  /**
   * The most a request may send before its connection is closed: what Undertow is told to allow.
   */
  long drainLimit() {
    return Math.max(DRAIN_LIMIT, maxBodyBytes);
  }

  @Override
  public void handleRequest(HttpServerExchange ex) {
    long start = System.nanoTime();
    boolean gzip = MediaTypeHandler.Coding.of(ex) == MediaTypeHandler.Coding.GZIP;
    long declared = ex.getRequestContentLength();
    if (declared >= 0 && declared <= Math.min(INLINE_LIMIT, maxBodyBytes)) {
      readDeclared(
          ex,
          (int) declared,
          (e, body) -> {
            if (gzip) {
              e.dispatch(() -> decompressed(e, body, start));
            } else {
              next.body(e, body, start);
            }
          });
    } else {
      ex.dispatch(() -> readLarge(ex, gzip, start));
    }
  }

  /**
   * Reads a large or chunked body on a worker, enforcing the limit while reading. Past the limit
   * the rest is read and discarded (up to the drain limit) so the client, still sending, gets the
   * 413 instead of a reset connection.
   */
  private void readLarge(HttpServerExchange ex, boolean gzip, long start) {
    ex.startBlocking();
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    long drainLimit = drainLimit();
    try (InputStream in = ex.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total <= maxBodyBytes) {
          out.write(buf, 0, n);
        } else if (total > drainLimit) {
          break;
        }
      }
    } catch (IOException e) {
      unreadable(ex);
      return;
    }
    if (total > maxBodyBytes) {
      tooLarge(ex);
    } else if (gzip) {
      decompressed(ex, out.toByteArray(), start);
    } else {
      next.body(ex, out.toByteArray(), start);
    }
  }

  private void decompressed(HttpServerExchange ex, byte[] raw, long start) {
    byte[] body;
    try {
      body = gunzip(raw);
    } catch (BodyTooLarge e) {
      tooLarge(ex);
      return;
    } catch (IOException e) {
      metrics.rejected(Rejection.INVALID_GZIP, 1);
      Responses.error(ex, 400, "Content-Encoding is gzip but the body is not valid gzip");
      return;
    }
    next.body(ex, body, start);
  }

  /** Decompresses, refusing to inflate past the body limit. */
  private byte[] gunzip(byte[] raw) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBodyBytes, raw.length * 4));
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > maxBodyBytes) {
          throw new BodyTooLarge();
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** A decompressed body past the limit. */
  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private void tooLarge(HttpServerExchange ex) {
    metrics.rejected(Rejection.TOO_LARGE, 1);
    ex.setPersistent(false);
    Responses.error(ex, 413, "body larger than " + maxBodyBytes + " bytes (limits.max_body_bytes)");
  }

  private void unreadable(HttpServerExchange ex) {
    metrics.rejected(Rejection.READ_ERROR, 1);
    ex.setPersistent(false);
    Responses.error(ex, 400, "could not read the request body");
  }

  /** What {@link #readDeclared} hands a whole body to. */
  @FunctionalInterface
  interface WholeBody {
    void body(HttpServerExchange ex, byte[] body);
  }

  /**
   * Reads exactly {@code length} bytes (the declared Content-Length) straight into the array
   * without blocking the IO thread. Usually the whole body is in the first read and {@code whole}
   * runs at once; otherwise when the rest arrives. A body that ends early is answered 400.
   */
  void readDeclared(HttpServerExchange ex, int length, WholeBody whole) {
    byte[] body = new byte[length];
    if (length == 0) {
      whole.body(ex, body);
      return;
    }
    StreamSourceChannel channel = ex.getRequestChannel();
    int[] filled = {0};
    try {
      if (fill(channel, body, filled)) {
        whole.body(ex, body);
        return;
      }
    } catch (IOException e) {
      unreadable(ex);
      return;
    }
    channel
        .getReadSetter()
        .set(
            (ChannelListener<StreamSourceChannel>)
                ch -> {
                  try {
                    if (!fill(ch, body, filled)) {
                      return;
                    }
                    ch.suspendReads();
                    ch.getReadSetter().set(null);
                    Connectors.executeRootHandler(e -> whole.body(e, body), ex);
                  } catch (IOException e) {
                    ch.suspendReads();
                    ch.getReadSetter().set(null);
                    Connectors.executeRootHandler(this::unreadable, ex);
                  }
                });
    channel.resumeReads();
  }

  /** Reads what is available straight into the array; true when the whole body is in. */
  private static boolean fill(StreamSourceChannel channel, byte[] body, int[] filled)
      throws IOException {
    while (filled[0] < body.length) {
      int n = channel.read(ByteBuffer.wrap(body, filled[0], body.length - filled[0]));
      if (n == -1) {
        throw new IOException(
            "body ended after " + filled[0] + " of " + body.length + " declared bytes");
      }
      if (n == 0) {
        return false;
      }
      filled[0] += n;
    }
    return true;
  }

  @Override
  public String toString() {
    return "falco-bounded-body( max " + maxBodyBytes + ", gzip ) -> " + next;
  }
}
