package io.falcocorrelator.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the alerts Falco and Falcosidekick actually send straight from their bytes: one JSON object
 * whose {@code output_fields} hold strings, integers, booleans and nulls, in ASCII text (escapes
 * such as Falcosidekick's {@code \u003c} included). That is nearly all traffic, and this reads it
 * in less than half the time of the general token stream (docs/performance.md): it scans strings
 * eight bytes at a time, copies plain ASCII text without decoding it, shares names, rule names and
 * tag lists through caches keyed by their bytes, and recognizes a field repeated at the same
 * position as in the alert before by one comparison of its bytes.
 *
 * <p>Anything else it declines, by answering {@code null}, and {@link AlertReader} hands the same
 * bytes to {@link AlertParser}: non-ASCII text, floats, arrays or objects as field values, nulls
 * for top-level keys, and every syntax error. It accepts only valid JSON, and fills the same {@link
 * AlertDraft}, so an alert it reads is equal to what the general parser would return, and a bad one
 * gets the same error (a differential test holds the two to that). Its caches are its reader's
 * {@link ParseMemory}, shared between threads (entries are immutable, so a racing write only costs
 * a later miss); what it last read at each position is the calling thread's own.
 */
final class FlatAlertParser {
  /** Top-level member names, in the order of the indexes below. */
  private static final byte[][] KEYS =
      Stream.of(
              "rule",
              "priority",
              "time",
              "source",
              "hostname",
              "output",
              "message",
              "uuid",
              "tags",
              "output_fields")
          .map(k -> k.getBytes(StandardCharsets.US_ASCII))
          .toArray(byte[][]::new);

  private static final int RULE = 0;
  private static final int PRIORITY = 1;
  private static final int TIME = 2;
  private static final int SOURCE = 3;
  private static final int HOSTNAME = 4;
  private static final int OUTPUT = 5;
  private static final int MESSAGE = 6;
  private static final int UUID = 7;
  private static final int TAGS = 8;
  private static final int OUTPUT_FIELDS = 9;

  /** How many top-level members are known. */
  static final int KEY_COUNT = KEYS.length;

  private static final int DECLINED = -2;

  /**
   * A field at an output_fields position is remembered by its bytes from the name's opening quote
   * to the value's last byte: a rule's alerts repeat most fields whole (host, image, namespace,
   * user, process), and one comparison then stands for the name, the value and the colon, and the
   * value is shared instead of copied. Only strings and booleans are kept (integers such as times
   * and pids change from alert to alert), up to this many bytes.
   */
  private static final int MAX_REMEMBERED_FIELD = 192;

  /** One output field as read. */
  record Field(String name, Object value) {}

  /** Tag lists longer than this are not cached. */
  private static final int MAX_CACHED_TAGS_BYTES = 1024;

  /** Integers of up to 18 digits always fit a long; longer ones are checked digit by digit. */
  private static final int SAFE_DIGITS = 18;

  private final ParseMemory memory;

  /**
   * @param memory what this parser remembers between alerts (its reader's)
   */
  FlatAlertParser(ParseMemory memory) {
    this.memory = memory;
  }

  /** A parser with a memory of its own. */
  FlatAlertParser() {
    this(new ParseMemory());
  }

  /** The alert in {@code bytes[offset, offset + length)}, or null when this parser declines it. */
  FalcoAlert parse(byte[] bytes, int offset, int length) {
    AlertDraft draft = new Scan(memory, bytes, offset, offset + length).alert();
    return draft == null ? null : draft.toAlert();
  }

  /**
   * One pass over one alert's bytes: a cursor and the grammar. Every method answers null to
   * decline.
   */
  private static final class Scan {
    private final ParseMemory m;
    private final ParseMemory.Recent r;
    private final byte[] b;
    private final int end;
    private int pos;

    Scan(ParseMemory memory, byte[] bytes, int from, int to) {
      this.m = memory;
      this.r = memory.recent();
      this.b = bytes;
      this.pos = from;
      this.end = to;
    }

    AlertDraft alert() {
      skipWhitespace();
      if (!take('{')) {
        return null;
      }
      AlertDraft d = new AlertDraft();
      skipWhitespace();
      if (!take('}')) {
        do {
          skipWhitespace();
          int key = topLevelKey();
          if (key == DECLINED || !member(d, key)) {
            return null;
          }
          skipWhitespace();
        } while (take(','));
        if (!take('}')) {
          return null;
        }
      }
      skipWhitespace();
      return pos == end ? d : null;
    }

    /**
     * Which of {@link #KEYS} the member name is, -1 for any other, {@link #DECLINED} for a name
     * with escapes; with its colon read. Compared as bytes: no top-level name becomes a String.
     */
    private int topLevelKey() {
      if (!take('"')) {
        return DECLINED;
      }
      int start = pos;
      int stop = plainEnd(start);
      if (stop >= end || b[stop] != '"') {
        return DECLINED;
      }
      pos = stop + 1;
      int key = -1;
      for (int k = 0; k < KEYS.length && key < 0; k++) {
        if (KEYS[k].length == stop - start && AsciiBytes.same(KEYS[k], b, start)) {
          key = k;
        }
      }
      return colon() ? key : DECLINED;
    }

    /** Reads one top-level member's value into the draft; false to decline. */
    private boolean member(AlertDraft d, int key) {
      return switch (key) {
        case RULE -> (d.rule = canonical(RULE)) != null;
        case PRIORITY -> (d.priority = canonical(PRIORITY)) != null;
        case TIME -> (d.time = string(false)) != null;
        case SOURCE -> (d.source = canonical(SOURCE)) != null;
        case HOSTNAME -> (d.hostname = canonical(HOSTNAME)) != null;
        case OUTPUT -> (d.output = string(false)) != null;
        case MESSAGE -> (d.message = string(false)) != null;
        case UUID -> (d.uuid = string(false)) != null;
        case TAGS -> (d.tags = tags()) != null;
        case OUTPUT_FIELDS -> (d.fields = fields()) != null;
        default -> scalar() != null;
      };
    }

    /**
     * The tags. A rule sends the same list every time, so a list of plain strings is looked up by
     * its bytes first: one hash and comparison instead of a lookup per tag and two lists.
     */
    private List<String> tags() {
      int start = pos;
      ByteKeyedCache.Entry<List<String>> last = r.lastTags;
      if (last != null && last.matchesBefore(b, start, end, (byte) ']')) {
        pos = start + last.length() + 1;
        return last.value;
      }
      int close = plainStringArrayEnd(start);
      int length = close - start;
      boolean cacheable = close > 0 && length <= MAX_CACHED_TAGS_BYTES;
      if (cacheable) {
        ByteKeyedCache.Entry<List<String>> known = m.tagLists.find(b, start, length);
        if (known == null) {
          List<String> tags = tagList();
          if (tags == null) {
            return null;
          }
          known = m.tagLists.put(b, start, length, List.copyOf(tags));
        }
        pos = close;
        // Remembered without its closing bracket, which matchesBefore checks.
        r.lastTags = ByteKeyedCache.entry(b, start, length - 1, known.value);
        return known.value;
      }
      return tagList();
    }

    /**
     * Where the array at {@code i} ends (after its bracket) when it holds only plain strings; -1
     * otherwise.
     */
    private int plainStringArrayEnd(int i) {
      if (i >= end || b[i] != '[') {
        return -1;
      }
      i = skipWhitespace(i + 1);
      if (i < end && b[i] == ']') {
        return i + 1;
      }
      while (i < end && b[i] == '"') {
        int stop = plainEnd(i + 1);
        if (stop >= end || b[stop] != '"') {
          return -1;
        }
        i = skipWhitespace(stop + 1);
        if (i < end && b[i] == ']') {
          return i + 1;
        }
        if (i >= end || b[i] != ',') {
          return -1;
        }
        i = skipWhitespace(i + 1);
      }
      return -1;
    }

    private List<String> tagList() {
      if (!take('[')) {
        return null;
      }
      List<String> tags = new ArrayList<>(8);
      skipWhitespace();
      if (take(']')) {
        return tags;
      }
      do {
        skipWhitespace();
        String tag = string(true);
        if (tag == null) {
          return null;
        }
        tags.add(tag);
        skipWhitespace();
      } while (take(','));
      return take(']') ? tags : null;
    }

    private FieldMap fields() {
      if (!take('{')) {
        return null;
      }
      FieldMap fields = new FieldMap(32);
      skipWhitespace();
      if (take('}')) {
        return fields;
      }
      int index = 0;
      do {
        skipWhitespace();
        int start = pos;
        Field known = index < ParseMemory.POSITIONS ? known(r.lastFieldAt[index]) : null;
        if (known != null) {
          fields.add(known.name(), known.value());
        } else {
          String name = fieldName(index);
          if (name == null) {
            return null;
          }
          Object value = scalar();
          if (value == null) {
            return null;
          }
          if (value != NULL) {
            fields.add(name, value);
          }
          if ((value instanceof String || value instanceof Boolean)
              && index < ParseMemory.POSITIONS
              && pos - start <= MAX_REMEMBERED_FIELD) {
            r.lastFieldAt[index] =
                ByteKeyedCache.entry(b, start, pos - start, new Field(name, value));
          }
        }
        index++;
        skipWhitespace();
      } while (take(','));
      return take('}') ? fields : null;
    }

    /**
     * The interned name of the {@code index}-th output field, and its colon. Falco writes a rule's
     * fields in the same order every time, so the name last seen at this position is tried first:
     * one comparison instead of a hash and a lookup.
     */
    private String fieldName(int index) {
      if (!take('"')) {
        return null;
      }
      int start = pos;
      ByteKeyedCache.Entry<String> last =
          index < ParseMemory.POSITIONS ? r.lastNameAt[index] : null;
      if (last != null && last.matchesBefore(b, start, end, (byte) '"')) {
        pos = start + last.length() + 1;
        return colon() ? last.value : null;
      }
      int stop = plainEnd(start);
      String name;
      if (stop < end && b[stop] == '"') {
        int length = stop - start;
        pos = stop + 1;
        if (length > CanonicalStrings.MAX_LENGTH) {
          name = m.names.ofAscii(b, start, length);
        } else {
          ByteKeyedCache.Entry<String> guess =
              index < ParseMemory.POSITIONS ? r.lastNameAt[index] : null;
          if (guess == null || !guess.matches(b, start, length)) {
            guess = m.names.asciiEntry(b, start, length);
            if (index < ParseMemory.POSITIONS) {
              r.lastNameAt[index] = guess;
            }
          }
          name = guess.value;
        }
      } else {
        String escaped = escaped(start, stop);
        name = escaped == null ? null : escaped.intern();
      }
      return name != null && colon() ? name : null;
    }

    /** A colon and the whitespace around it. */
    private boolean colon() {
      skipWhitespace();
      if (!take(':')) {
        return false;
      }
      skipWhitespace();
      return true;
    }

    /**
     * A string value shared from the canonical cache, the rule, priority, source or hostname: when
     * the same bytes as the last one read for {@code key} follow, without hashing them.
     */
    private String canonical(int key) {
      if (pos >= end || b[pos] != '"') {
        return null;
      }
      int start = pos + 1;
      ByteKeyedCache.Entry<String> last = r.lastMember[key];
      if (last != null && last.matchesBefore(b, start, end, (byte) '"')) {
        pos = start + last.length() + 1;
        return last.value;
      }
      int stop = plainEnd(start);
      if (stop < end && b[stop] == '"' && stop - start <= CanonicalStrings.MAX_LENGTH) {
        ByteKeyedCache.Entry<String> entry = m.values.asciiEntry(b, start, stop - start);
        r.lastMember[key] = entry;
        pos = stop + 1;
        return entry.value;
      }
      return string(true);
    }

    /**
     * The field {@code last} holds when the same bytes come next, with the cursor after them; else
     * null. What follows is checked as after any value (a separator or the closing brace).
     */
    private Field known(ByteKeyedCache.Entry<Field> last) {
      if (last == null || !last.matchesAt(b, pos, end)) {
        return null;
      }
      pos += last.length();
      return last.value;
    }

    /** Stands for a JSON null in {@link #scalar()}, whose own null means "declined". */
    private static final Object NULL = new Object();

    /** A string, integer, boolean or {@link #NULL}; null to decline anything else. */
    private Object scalar() {
      if (pos >= end) {
        return null;
      }
      return switch (b[pos]) {
        case '"' -> string(false);
        case 't' -> literal("true") ? Boolean.TRUE : null;
        case 'f' -> literal("false") ? Boolean.FALSE : null;
        case 'n' -> literal("null") ? NULL : null;
        default -> integer();
      };
    }

    private boolean literal(String word) {
      int stop = pos + word.length();
      if (stop > end) {
        return false;
      }
      for (int i = 0; i < word.length(); i++) {
        if (b[pos + i] != word.charAt(i)) {
          return false;
        }
      }
      pos = stop;
      return atDelimiter();
    }

    /**
     * An integer that fits a long (Falco's {@code evt.time} has 19 digits); declines larger ones
     * (the general parser makes them {@code BigInteger}), and sign-only, leading-zero and
     * minus-zero forms.
     */
    private Long integer() {
      int start = pos;
      boolean negative = take('-');
      int first = pos;
      long value = 0;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        int digit = b[pos] - '0';
        if (pos - first >= SAFE_DIGITS && value > (Long.MAX_VALUE - digit) / 10) {
          pos = start;
          return null;
        }
        value = value * 10 + digit;
        pos++;
      }
      int digits = pos - first;
      if (digits == 0 || b[first] == '0' && (digits > 1 || negative) || !atDelimiter()) {
        pos = start;
        return null;
      }
      return negative ? -value : value;
    }

    /**
     * Whether the value just read ends where JSON says it may (so {@code truex} or {@code 1.5} is
     * declined).
     */
    private boolean atDelimiter() {
      if (pos >= end) {
        return true;
      }
      byte c = b[pos];
      return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * A string value, the cursor on its opening quote; shared from the canonical cache when {@code
     * canonical} (low-cardinality values). Null to decline.
     */
    private String string(boolean canonical) {
      if (!take('"')) {
        return null;
      }
      int start = pos;
      int stop = plainEnd(start);
      if (stop < end && b[stop] == '"') {
        pos = stop + 1;
        return canonical
            ? m.values.ofAscii(b, start, stop - start)
            : new String(b, start, stop - start, StandardCharsets.ISO_8859_1);
      }
      String text = escaped(start, stop);
      if (text == null || !canonical) {
        return text;
      }
      char[] chars = text.toCharArray();
      return m.values.of(chars, 0, chars.length);
    }

    /**
     * Decodes a string with escapes: {@code start} is its first character, {@code stop} the first
     * byte that is not plain ASCII. Declines non-ASCII bytes, control characters, surrogate escapes
     * (left to the general parser's rules) and unknown escapes.
     */
    private String escaped(int start, int stop) {
      StringBuilder sb = new StringBuilder(stop - start + 16);
      appendAscii(sb, start, stop);
      int i = stop;
      while (i < end) {
        byte c = b[i];
        if (c == '"') {
          pos = i + 1;
          return sb.toString();
        }
        int decoded = c == '\\' && i + 1 < end ? unescape(i + 1) : -1;
        if (decoded < 0) {
          return null;
        }
        sb.append((char) decoded);
        i += b[i + 1] == 'u' ? 6 : 2;
        int run = plainEnd(i);
        appendAscii(sb, i, run);
        i = run;
      }
      return null;
    }

    private void appendAscii(StringBuilder sb, int from, int to) {
      for (int i = from; i < to; i++) {
        sb.append((char) b[i]);
      }
    }

    /**
     * The character an escape stands for, {@code at} on the letter after the backslash; -1 to
     * decline.
     */
    private int unescape(int at) {
      switch (b[at]) {
        case '"':
          return '"';
        case '\\':
          return '\\';
        case '/':
          return '/';
        case 'b':
          return '\b';
        case 'f':
          return '\f';
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 't':
          return '\t';
        case 'u':
          {
            if (at + 5 > end) {
              return -1;
            }
            int code = 0;
            for (int i = at + 1; i <= at + 4; i++) {
              int digit = Character.digit(b[i], 16);
              if (digit < 0) {
                return -1;
              }
              code = code << 4 | digit;
            }
            return Character.isSurrogate((char) code) ? -1 : code;
          }
        default:
          return -1;
      }
    }

    /** The first byte from {@code i} that ends plain string text; {@code end} when none. */
    private int plainEnd(int i) {
      return AsciiBytes.plainTextEnd(b, i, end);
    }

    private void skipWhitespace() {
      pos = skipWhitespace(pos);
    }

    private int skipWhitespace(int i) {
      while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
        i++;
      }
      return i;
    }

    private boolean take(char c) {
      if (pos < end && b[pos] == c) {
        pos++;
        return true;
      }
      return false;
    }
  }
}
