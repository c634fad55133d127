package io.falcocorrelator.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.bench.AlertGenerator;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The flat parser against the general one: for every input, it either declines or gives exactly
 * what the general parser gives (the same alert, or the same field error). Inputs are the fixture
 * alerts, generated ones, and tens of thousands of mutations of them.
 */
class FlatAlertParserTest {
  private final FlatAlertParser flat = new FlatAlertParser();
  private final AlertReader general = new AlertReader();

  /** What a parser made of one input: an alert, a field error, or (flat only) a refusal. */
  private record Result(FalcoAlert alert, String error) {
    static final Result DECLINED = new Result(null, null);
  }

  private Result general(byte[] json) {
    try {
      return new Result(general.parseGeneral(json, 0, json.length), null);
    } catch (MalformedAlertException e) {
      return new Result(null, e.field() + ": " + e.reason());
    }
  }

  private Result flat(byte[] json) {
    try {
      FalcoAlert alert = flat.parse(json, 0, json.length);
      return alert == null ? Result.DECLINED : new Result(alert, null);
    } catch (MalformedAlertException e) {
      return new Result(null, e.field() + ": " + e.reason());
    }
  }

  /** Asserts the flat parser agrees or declines; returns whether it read the input itself. */
  private boolean agrees(byte[] json) {
    Result fast = flat(json);
    if (fast == Result.DECLINED) {
      return false;
    }
    assertThat(fast)
        .as("flat vs general for %s", new String(json, StandardCharsets.ISO_8859_1))
        .isEqualTo(general(json));
    return true;
  }

  private static List<byte[]> fixtureAlerts() throws IOException {
    List<byte[]> alerts = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("test-fixtures/scenarios"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.startsWith("{")) {
            alerts.add(line.getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    }
    return alerts;
  }

  private static List<byte[]> generatedAlerts(int n) {
    AlertGenerator gen =
        new AlertGenerator(7, 500, 5, 0.3, Instant.parse("2026-02-17T03:00:00Z"), 5_000_000L);
    List<byte[]> alerts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      alerts.add(gen.next());
    }
    return alerts;
  }

  @Test
  void readsEveryFixtureAndGeneratedAlertExactlyAsTheGeneralParser() throws IOException {
    List<byte[]> fixtures = fixtureAlerts();
    assertThat(fixtures).hasSizeGreaterThan(50);
    int read = 0;
    for (byte[] json : fixtures) {
      read += agrees(json) ? 1 : 0;
    }
    // Falco's and Falcosidekick's own shapes (escapes included) are all read on the fast path.
    assertThat(read).isEqualTo(fixtures.size());
    for (byte[] json : generatedAlerts(2_000)) {
      assertThat(agrees(json)).isTrue();
    }
  }

  @Test
  void fieldNamesAreInterned() {
    byte[] json = generatedAlerts(1).get(0);
    FalcoAlert alert = flat.parse(json, 0, json.length);
    for (String name : alert.fields().keySet()) {
      assertThat(name).isSameAs(name.intern());
    }
  }

  @Test
  void mutatedAlertsAreDeclinedOrReadAlike() throws IOException {
    List<byte[]> bases = new ArrayList<>(fixtureAlerts().subList(0, 12));
    bases.addAll(generatedAlerts(4));
    byte[] interesting =
        "\"\\{}[],:0123456789-.eEuUtfnl /\n\t\r\u0001ab".getBytes(StandardCharsets.ISO_8859_1);
    SplittableRandom random = new SplittableRandom(2804);
    int read = 0;
    int tried = 0;
    for (byte[] base : bases) {
      for (int cut = 0; cut < base.length; cut += 7) {
        read += agrees(java.util.Arrays.copyOf(base, cut)) ? 1 : 0;
        tried++;
      }
      for (int i = 0; i < 2_000; i++) {
        byte[] m = base.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
          int at = random.nextInt(m.length);
          m[at] =
              random.nextInt(8) == 0
                  ? (byte) (0x80 + random.nextInt(0x80))
                  : interesting[random.nextInt(interesting.length)];
        }
        read += agrees(m) ? 1 : 0;
        tried++;
      }
    }
    // Most single-byte edits land inside strings and leave valid JSON: the fast path reads those.
    assertThat(read).isGreaterThan(tried / 4);
  }

  @Test
  void integersAreLongsUpToLongMaxAndLargerOnesAreLeftToTheGeneralParser() {
    assertThat(field("1771297200007637707")).isEqualTo(1771297200007637707L);
    assertThat(field(Long.toString(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(field("-1")).isEqualTo(-1L);
    assertThat(field("0")).isEqualTo(0L);
    byte[] big = alertWithField("9223372036854775808");
    assertThat(flat(big)).isEqualTo(Result.DECLINED);
    assertThat(general(big).alert().field("x")).isEqualTo(new BigInteger("9223372036854775808"));
    for (String other :
        List.of("-0", "01", "1.5", "1e5", "-", "[1]", "{\"a\":1}", "tru", "nulls", "1x")) {
      byte[] json = alertWithField(other);
      assertThat(flat(json)).as(other).isEqualTo(Result.DECLINED);
    }
  }

  @Test
  void literalsNullsEscapesAndWhitespaceAreRead() {
    assertThat(field("true")).isEqualTo(Boolean.TRUE);
    assertThat(field("false")).isEqualTo(Boolean.FALSE);
    assertThat(flat.parse(alertWithField("null"), 0, alertWithField("null").length).fields())
        .doesNotContainKey("x");
    assertThat(field("\"\\u003cNA\\u003e \\\"q\\\" \\\\ \\/ \\n\\t\""))
        .isEqualTo("<NA> \"q\" \\ / \n\t");
    byte[] spaced =
        "{ \"rule\" : \"R\" ,\n \"priority\":\"Notice\", \"time\" :\"2026-02-17T03:14:16Z\" , \"extra\": 5 }"
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(agrees(spaced)).isTrue();
  }

  @Test
  void declinesWhatItDoesNotRead() {
    for (String value :
        List.of("\"caf\u00e9\"", "\"\\ud83d\\ude00\"", "\"a\\x\"", "\"tab\there\"")) {
      byte[] json = alertWithField(value);
      assertThat(flat(json)).as(value).isEqualTo(Result.DECLINED);
    }
    String alert = new String(alertWithField("1"), StandardCharsets.ISO_8859_1);
    for (String variant :
        List.of(
            alert + " x",
            alert.replace("{\"rule\"", "{\"r\\u0075le\""),
            alert.replace("\"rule\":\"R\"", "\"rule\":null"),
            alert.replace("}", ",}"),
            "[" + alert + "]")) {
      assertThat(flat(variant.getBytes(StandardCharsets.UTF_8)))
          .as(variant)
          .isEqualTo(Result.DECLINED);
    }
  }

  @Test
  void semanticErrorsAreTheGeneralParsersErrors() {
    for (String json :
        List.of(
            "{}",
            "{\"rule\":\"\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\"}",
            "{\"rule\":\"R\",\"priority\":\"Loud\",\"time\":\"2026-02-17T03:14:16Z\"}",
            "{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"yesterday\"}",
            "{\"rule\":\"R\",\"priority\":\"Notice\"}")) {
      Result fast = flat(json.getBytes(StandardCharsets.US_ASCII));
      assertThat(fast.error()).as(json).isNotNull();
      assertThat(fast).isEqualTo(general(json.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  @Test
  void namesAndValuesRememberedByPositionAreOnlyReusedForTheSameBytes() {
    // Each alert is read right after one whose field at the same position is a near miss:
    // a prefix, an extension, a different last byte, the same text escaped, not a string, or
    // the same bytes followed by ones that make it invalid.
    List<String> sequence =
        List.of(
            "\"bash\"",
            "\"bas\"",
            "\"bash2\"",
            "\"basH\"",
            "\"bash\"",
            "\"b\\u0061sh\"",
            "\"bash\"",
            "7",
            "\"bash\"",
            "null",
            "\"bash\"",
            "\"\"",
            "\"bash\"",
            "\"a-value-longer-than-eight-bytes\"",
            "\"a-value-longer-than-eight-bytez\"",
            "\"a-value-longer-than-eight-bytes\"",
            "true",
            "true",
            "truex",
            "\"bash\"x",
            "\"bash\"",
            "\"bash\" ",
            "false");
    for (String value : sequence) {
      for (String name : List.of("proc.name", "proc.nam", "proc.name2", "x")) {
        byte[] json =
            ("{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"output_fields\":{\""
                    + name
                    + "\":"
                    + value
                    + ",\"y\":"
                    + value
                    + "}}")
                .getBytes(StandardCharsets.UTF_8);
        // Bytes after a remembered value that no value may have: declined, as without the memory.
        Result expected = value.endsWith("x") ? Result.DECLINED : general(json);
        assertThat(flat(json)).as(name + "=" + value).isEqualTo(expected);
      }
    }
  }

  @Test
  void rulesHostnamesAndTagListsRememberedFromTheLastAlertAreOnlyReusedForTheSameBytes() {
    List<String> tagLists =
        List.of(
            "[\"a\",\"b\"]",
            "[\"a\",\"b\",\"c\"]",
            "[\"a\"]",
            "[\"a\",\"b\"]",
            "[]",
            "[\"a\",\"b\"]",
            "[\"a\",\"b\" ]",
            "[\"a\",\"b\"]x",
            "[\"a\",\"b\"]");
    List<String> names = List.of("R", "R2", "R", "Rx", "", "R", "R\\u0032", "R");
    for (int i = 0; i < tagLists.size() * names.size(); i++) {
      String tags = tagLists.get(i % tagLists.size());
      String name = names.get(i % names.size());
      byte[] json =
          ("{\"rule\":\""
                  + name
                  + "\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"hostname\":\"h"
                  + name
                  + "\",\"tags\":"
                  + tags
                  + "}")
              .getBytes(StandardCharsets.UTF_8);
      Result expected = tags.endsWith("x") ? Result.DECLINED : general(json);
      assertThat(flat(json)).as(name + " " + tags).isEqualTo(expected);
    }
  }

  @Test
  void threadsSharingOneParserEachReadTheirAlertsAsTheGeneralParserDoes() throws Exception {
    List<byte[]> alerts = generatedAlerts(4_000);
    List<Result> expected = alerts.stream().map(this::general).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int shift = t * 997;
        runs.add(
            pool.submit(
                () -> {
                  int read = 0;
                  for (int i = 0; i < alerts.size(); i++) {
                    int k = (i + shift) % alerts.size();
                    Result fast = flat(alerts.get(k));
                    if (fast != Result.DECLINED) {
                      assertThat(fast).isEqualTo(expected.get(k));
                      read++;
                    }
                  }
                  return read;
                }));
      }
      for (Future<Integer> run : runs) {
        assertThat(run.get()).isGreaterThan(alerts.size() / 2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whatAThreadLastReadAtAPositionIsNotReplacedByAnotherThreadsAlert() throws Exception {
    // A remembered field hands back the value it read before, the same instance; another
    // thread's alert with another value at that position must not replace it (shared, the
    // write moved between the threads' caches on nearly every alert: docs/performance.md).
    byte[] mine = alertWithField("\"mine\"");
    Object first = flat.parse(mine, 0, mine.length).field("x");
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      byte[] theirs = alertWithField("\"theirs\"");
      assertThat(other.submit(() -> flat.parse(theirs, 0, theirs.length).field("x")).get())
          .isEqualTo("theirs");
    } finally {
      other.shutdownNow();
    }
    assertThat(flat.parse(mine, 0, mine.length).field("x")).isSameAs(first);
    byte[] changed = alertWithField("\"changed\"");
    flat.parse(changed, 0, changed.length);
    assertThat(flat.parse(mine, 0, mine.length).field("x")).isEqualTo(first).isNotSameAs(first);
  }

  private static byte[] alertWithField(String value) {
    return ("{\"rule\":\"R\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\",\"output_fields\":{\"x\":"
            + value
            + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private Object field(String value) {
    byte[] json = alertWithField(value);
    assertThat(agrees(json)).as(value).isTrue();
    return flat.parse(json, 0, json.length).field("x");
  }
}
