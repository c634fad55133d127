package io.falcocorrelator.ingest;

import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request body whose length is declared and small, without blocking the IO thread,
 * reading straight into the body array (Undertow's {@code receiveFullBytes} copies from a pooled
 * buffer byte by byte, which profiled as the largest single cost of a one-alert request). Usually the whole body is already
 * in the first read and the callback runs at once, on the IO thread.
 */
public final class BodyReader {
  public interface Callback {
    void body(HttpServerExchange exchange, byte[] body);
  }

  public interface Failure {
    void failed(HttpServerExchange exchange, IOException e);
  }

  private BodyReader() {}

  /** Reads exactly {@code length} bytes (the declared Content-Length) and hands them over. */
  public static void read(HttpServerExchange ex, int length, Callback callback, Failure failure) {
    byte[] body = new byte[length];
    if (length == 0) {
      callback.body(ex, body);
      return;
    }
    StreamSourceChannel channel = ex.getRequestChannel();
    int[] filled = {0};
    try {
      if (fill(ex, channel, body, filled)) {
        callback.body(ex, body);
        return;
      }
    } catch (IOException e) {
      failure.failed(ex, e);
      return;
    }
    channel.getReadSetter().set((ChannelListener<StreamSourceChannel>) ch -> {
      try {
        if (!fill(ex, ch, body, filled)) {
          return;
        }
        ch.suspendReads();
        ch.getReadSetter().set(null);
        Connectors.executeRootHandler(e -> callback.body(e, body), ex);
      } catch (IOException e) {
        ch.suspendReads();
        ch.getReadSetter().set(null);
        Connectors.executeRootHandler(x -> failure.failed(x, e), ex);
      }
    });
    channel.resumeReads();
  }

  /** Reads what is available straight into the array; true when the whole body is in. */
  private static boolean fill(HttpServerExchange ex, StreamSourceChannel channel, byte[] body, int[] filled) throws IOException {
    while (filled[0] < body.length) {
      int n = channel.read(ByteBuffer.wrap(body, filled[0], body.length - filled[0]));
      if (n == -1) {
        throw new IOException("body ended after " + filled[0] + " of " + body.length + " declared bytes");
      }
      if (n == 0) {
        return false;
      }
      filled[0] += n;
    }
    return true;
  }
}
