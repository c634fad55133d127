package io.falcocorrelator.event;

import io.falcocorrelator.event.ItemError.Kind;
import io.falcocorrelator.event.ItemError.Locator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads alerts from a body or file in every shape users send: one object (Falco's {@code
 * http_output}), NDJSON (one object per line, Falco's file output), a JSON array, or a
 * pretty-printed object. Bad items are reported to the listener with their line or index and the
 * rest goes on; only a syntax error inside a JSON array stops that array, since no later element
 * can be located reliably.
 */
public final class AlertReader {
  /** Nesting deeper than this is rejected before it can exhaust the stack. */
  public static final int MAX_NESTING_DEPTH = 64;

  private final JsonFactory factory;

  /** This reader's own parse memory, shared by its two parsers: never by other readers. */
  private final ParseMemory memory = new ParseMemory();

  private final AlertParser parser = new AlertParser(memory);
  private final FlatAlertParser flat = new FlatAlertParser(memory);
  private final int maxLineBytes;

  /** Receives each item in input order. */
  public interface Listener {
    void alert(FalcoAlert alert, Locator locator, long position);

    /**
     * As {@link #alert(FalcoAlert, Locator, long)}, with the alert's own JSON when the reader has
     * it as one slice (a line, or a whole one-line body), so a journal or a Kafka topic can keep
     * the bytes as received instead of encoding the alert again. The slice is only valid during the
     * call; items of arrays and pretty-printed documents come without it.
     */
    default void alert(
        FalcoAlert alert, Locator locator, long position, byte[] source, int offset, int length) {
      alert(alert, locator, position);
    }

    void error(ItemError error);
  }

  public AlertReader(int maxLineBytes) {
    if (maxLineBytes < 1024) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1024: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    this.factory =
        JsonFactory.builder()
            // Interned names make field lookups by the mappings' (interned) names identity hits.
            .enable(tools.jackson.core.TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES)
            // Request threads are a fixed pool: per-thread buffers beat a shared concurrent deque.
            .recyclerPool(tools.jackson.core.util.JsonRecyclerPools.threadLocalPool())
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(maxLineBytes)
                    .build())
            .build();
  }

  public AlertReader() {
    this(1 << 20);
  }

  /** Parses exactly one alert object from {@code json}. */
  public FalcoAlert parseOne(byte[] json, int offset, int length) {
    FalcoAlert alert = flat.parse(json, offset, length);
    return alert != null ? alert : parseGeneral(json, offset, length);
  }

  /**
   * As {@link #parseOne(byte[], int, int)}, with the general parser only: any JSON, precise syntax
   * errors.
   */
  FalcoAlert parseGeneral(byte[] json, int offset, int length) {
    try (JsonParser p = factory.createParser(ObjectReadContext.empty(), json, offset, length)) {
      p.nextToken();
      FalcoAlert alert = parser.parse(p);
      if (p.nextToken() != null) {
        throw MalformedAlertException.syntax("unexpected content after the alert object");
      }
      return alert;
    } catch (JacksonException e) {
      throw MalformedAlertException.syntax(syntaxReason(e));
    }
  }

  public FalcoAlert parseOne(byte[] json) {
    return parseOne(json, 0, json.length);
  }

  /** Reads an in-memory body, scanning its lines in place (no copy): the receiver's path. */
  public void read(byte[] body, Listener listener) {
    int first = skipWhitespace(body, 0, body.length);
    if (first == body.length) {
      return;
    }
    if (body[first] == '[') {
      readArray(
          () -> factory.createParser(ObjectReadContext.empty(), body, first, body.length - first),
          listener);
      return;
    }
    if (body[first] == '{'
        && body.length - first <= maxLineBytes
        && AsciiBytes.indexOf(body, 0, first, (byte) '\n') == first
        && readWhole(body, first, listener)) {
      return;
    }
    long lineNo = 0;
    boolean firstLine = true;
    int pos = 0;
    while (pos < body.length) {
      int nl = AsciiBytes.indexOf(body, pos, body.length, (byte) '\n');
      lineNo++;
      int end = nl > pos && body[nl - 1] == '\r' ? nl - 1 : nl;
      int start = skipWhitespace(body, pos, end);
      if (start < end) {
        if (end - pos > maxLineBytes) {
          listener.error(
              new ItemError(
                  Locator.LINE,
                  lineNo,
                  Kind.SYNTAX,
                  "",
                  "line longer than " + maxLineBytes + " bytes"));
        } else if (firstLine && body[start] == '{' && !endsWithBrace(body, start, end)) {
          int from = pos;
          readDocuments(
              () -> factory.createParser(ObjectReadContext.empty(), body, from, body.length - from),
              lineNo,
              listener);
          return;
        } else {
          firstLine = false;
          try {
            int last = trimEnd(body, start, end);
            listener.alert(
                parseOne(body, start, last - start),
                Locator.LINE,
                lineNo,
                body,
                start,
                last - start);
          } catch (MalformedAlertException e) {
            listener.error(ItemError.of(Locator.LINE, lineNo, e));
          }
        }
      }
      pos = nl + 1;
    }
  }

  /**
   * Reads a body that is one alert starting on its first line (what Falco's http_output sends),
   * without first searching it for line ends. False, having reported nothing, for anything else:
   * more than one line of alerts, an alert the flat parser declines, or one with an error (the
   * line-by-line reading then reports it where it always has).
   */
  private boolean readWhole(byte[] body, int first, Listener listener) {
    FalcoAlert alert;
    try {
      alert = flat.parse(body, first, body.length - first);
    } catch (MalformedAlertException e) {
      return false;
    }
    if (alert == null) {
      return false;
    }
    int last = trimEnd(body, first, body.length);
    listener.alert(alert, Locator.LINE, 1, body, first, last - first);
    return true;
  }

  /** Reads a stream to its end; the caller closes it. */
  public void read(InputStream in, Listener listener) {
    try {
      LineSource lines = new LineSource(in, maxLineBytes);
      int first = lines.peekNonWhitespace();
      if (first < 0) {
        return;
      }
      if (first == '[') {
        readArray(
            () -> factory.createParser(ObjectReadContext.empty(), lines.remaining()), listener);
      } else {
        readLines(lines, listener);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readLines(LineSource lines, Listener listener) throws IOException {
    long lineNo = 0;
    boolean first = true;
    LineSource.Line line;
    while ((line = lines.next()) != null) {
      lineNo++;
      if (line.tooLong()) {
        listener.error(
            new ItemError(
                Locator.LINE,
                lineNo,
                Kind.SYNTAX,
                "",
                "line longer than " + maxLineBytes + " bytes"));
        continue;
      }
      int start = skipWhitespace(line.bytes(), 0, line.length());
      if (start == line.length()) {
        continue;
      }
      if (first
          && line.bytes()[start] == '{'
          && !endsWithBrace(line.bytes(), start, line.length())) {
        // Not one object per line: a pretty-printed document. Parse the rest as root values.
        InputStream rest = lines.prepend(Arrays.copyOf(line.bytes(), line.length()));
        readDocuments(
            () -> factory.createParser(ObjectReadContext.empty(), rest), lineNo, listener);
        return;
      }
      first = false;
      try {
        int last = trimEnd(line.bytes(), start, line.length());
        listener.alert(
            parseOne(line.bytes(), start, last - start),
            Locator.LINE,
            lineNo,
            line.bytes(),
            start,
            last - start);
      } catch (MalformedAlertException e) {
        listener.error(ItemError.of(Locator.LINE, lineNo, e));
      }
    }
  }

  private void readDocuments(Supplier<JsonParser> parser, long firstLine, Listener listener) {
    try (JsonParser p = parser.get()) {
      while (p.nextToken() != null) {
        long line = firstLine - 1 + p.currentTokenLocation().getLineNr();
        readItem(p, Locator.LINE, line, listener);
      }
    } catch (JacksonException e) {
      listener.error(
          new ItemError(
              Locator.LINE,
              firstLine
                  - 1
                  + Math.max(1, e.getLocation() == null ? 1 : e.getLocation().getLineNr()),
              Kind.SYNTAX,
              "",
              syntaxReason(e)));
    }
  }

  private void readArray(Supplier<JsonParser> parser, Listener listener) {
    long index = 0;
    try (JsonParser p = parser.get()) {
      p.nextToken();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() == null) {
          throw MalformedAlertException.syntax("unterminated JSON array");
        }
        readItem(p, Locator.INDEX, index++, listener);
      }
      if (p.nextToken() != null) {
        listener.error(
            new ItemError(
                Locator.INDEX, index, Kind.SYNTAX, "", "unexpected content after the JSON array"));
      }
    } catch (JacksonException e) {
      listener.error(
          new ItemError(
              Locator.INDEX,
              index,
              Kind.SYNTAX,
              "",
              syntaxReason(e) + "; the rest of the array was not read"));
    } catch (MalformedAlertException e) {
      listener.error(ItemError.of(Locator.INDEX, index, e));
    }
  }

  /** Parses one item; a semantic error skips to the item's end so the next item can be read. */
  private void readItem(JsonParser p, Locator locator, long position, Listener listener) {
    int base = p.streamReadContext().getNestingDepth();
    try {
      listener.alert(parser.parse(p), locator, position);
    } catch (MalformedAlertException e) {
      listener.error(ItemError.of(locator, position, e));
      if (p.currentToken() != null
          && p.currentToken().isStructStart()
          && p.streamReadContext().getNestingDepth() == base) {
        p.skipChildren();
      }
      while (p.streamReadContext().getNestingDepth() > base) {
        if (p.nextToken() == null) {
          return;
        }
      }
    }
  }

  /** A short reason for a JSON syntax error, with line/column or byte offset, never the input. */
  public static String syntaxReason(JacksonException e) {
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    if (cut > 0) {
      message = message.substring(0, cut);
    }
    if (message.length() > 160) {
      message = message.substring(0, 160) + "...";
    }
    var loc = e.getLocation();
    String where =
        loc == null
            ? ""
            : " at line "
                + loc.getLineNr()
                + " column "
                + loc.getColumnNr()
                + (loc.getByteOffset() >= 0 ? " (byte offset " + loc.getByteOffset() + ")" : "");
    return "invalid JSON" + where + ": " + message;
  }

  private static int skipWhitespace(byte[] b, int from, int to) {
    int i = from;
    while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    return i;
  }

  /** The end of {@code b[from, to)} without trailing whitespace. */
  private static int trimEnd(byte[] b, int from, int to) {
    int i = to;
    while (i > from
        && (b[i - 1] == ' ' || b[i - 1] == '\t' || b[i - 1] == '\r' || b[i - 1] == '\n')) {
      i--;
    }
    return i;
  }

  private static boolean endsWithBrace(byte[] b, int from, int to) {
    int i = to - 1;
    while (i >= from && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
      i--;
    }
    return i >= from && b[i] == '}';
  }
}
