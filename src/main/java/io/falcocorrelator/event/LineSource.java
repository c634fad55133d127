package io.falcocorrelator.event;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding them, so each line can go to the JSON parser as
 * bytes. A line over the limit is reported as too long and skipped, never buffered whole.
 */
final class LineSource {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] line = new byte[4096];

  record Line(byte[] bytes, int length, boolean tooLong) {}

  LineSource(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The first non-whitespace byte without consuming it, or -1 at end of input. */
  int peekNonWhitespace() throws IOException {
    while (true) {
      if (pos == limit && !fill()) {
        return -1;
      }
      for (int i = pos; i < limit; i++) {
        byte b = buffer[i];
        if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
          return b & 0xff;
        }
      }
      // All whitespace so far: keep the buffered bytes (they may be line breaks) but read more.
      if (limit == buffer.length) {
        pos = limit;
      } else if (!fillAppend()) {
        return -1;
      }
    }
  }

  /** What has not been consumed yet, as one stream. */
  InputStream remaining() {
    return new SequenceInputStream(new ByteArrayInputStream(buffer, pos, limit - pos), in);
  }

  /** {@code head} followed by what has not been consumed yet. */
  InputStream prepend(byte[] head) {
    byte[] withBreak = Arrays.copyOf(head, head.length + 1);
    withBreak[head.length] = '\n';
    return new SequenceInputStream(new ByteArrayInputStream(withBreak), remaining());
  }

  /** The next line without its terminator, or null at end of input. */
  Line next() throws IOException {
    int length = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        return any ? new Line(line, length, tooLong) : null;
      }
      any = true;
      int start = pos;
      // The line's end in this buffer: its newline, or the buffer's end when the line goes on.
      int end = AsciiBytes.indexOf(buffer, pos, limit, (byte) '\n');
      boolean complete = end < limit;
      int chunk = end - start;
      if (!tooLong) {
        if (length + chunk > maxLineBytes) {
          tooLong = true;
        } else {
          ensure(length + chunk);
          System.arraycopy(buffer, start, line, length, chunk);
          length += chunk;
        }
      }
      pos = complete ? end + 1 : limit;
      if (complete) {
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return new Line(line, length, tooLong);
      }
    }
  }

  private void ensure(int capacity) {
    if (capacity > line.length) {
      line = Arrays.copyOf(line, Math.max(capacity, line.length * 2));
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      pos = limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private boolean fillAppend() throws IOException {
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n <= 0) {
      return false;
    }
    limit += n;
    return true;
  }
}
