package io.falcocorrelator.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertReaderTest {
  static final String OK =
      "{\"rule\":\"R%d\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\"}";

  private final List<String> accepted = new ArrayList<>();
  private final List<ItemError> errors = new ArrayList<>();

  private void read(String body, int maxLine) {
    new AlertReader(maxLine)
        .read(
            body.getBytes(StandardCharsets.UTF_8),
            new AlertReader.Listener() {
              @Override
              public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
                accepted.add(alert.rule() + "@" + locator + position);
              }

              @Override
              public void error(ItemError error) {
                errors.add(error);
              }
            });
  }

  private void read(String body) {
    read(body, 1 << 20);
  }

  /**
   * Records each alert as {@code rule@locator position:its bytes as received} ({@code none} when
   * not given).
   */
  private AlertReader.Listener recordingSources(List<String> sources) {
    return new AlertReader.Listener() {
      @Override
      public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
        sources.add(alert.rule() + "@" + locator + position + ":none");
      }

      @Override
      public void alert(
          FalcoAlert alert,
          ItemError.Locator locator,
          long position,
          byte[] source,
          int offset,
          int length) {
        sources.add(
            alert.rule()
                + "@"
                + locator
                + position
                + ":"
                + new String(source, offset, length, StandardCharsets.UTF_8));
      }

      @Override
      public void error(ItemError error) {
        errors.add(error);
      }
    };
  }

  @Test
  void linesComeWithTheirOwnBytesAndArrayItemsWithout() {
    List<String> sources = new ArrayList<>();
    AlertReader.Listener listener = recordingSources(sources);
    AlertReader reader = new AlertReader();
    reader.read(
        ("  " + String.format(OK, 1) + " \r\n\n" + String.format(OK, 2) + "\n")
            .getBytes(StandardCharsets.UTF_8),
        listener);
    reader.read(("[" + String.format(OK, 3) + "]").getBytes(StandardCharsets.UTF_8), listener);
    assertThat(sources)
        .containsExactly(
            "R1@line1:" + String.format(OK, 1),
            "R2@line3:" + String.format(OK, 2),
            "R3@index0:none");
    // The bytes parse back to the same alert: what the journal replays after a crash.
    assertThat(reader.parseOne(String.format(OK, 1).getBytes(StandardCharsets.UTF_8)).rule())
        .isEqualTo("R1");
    assertThat(errors).isEmpty();
  }

  @Test
  void eachReaderRemembersOnlyWhatItReadItself() {
    byte[] flat = String.format(OK, 7).getBytes(StandardCharsets.UTF_8);
    byte[] general = ("[" + String.format(OK, 7) + "]").getBytes(StandardCharsets.UTF_8);
    AlertReader one = new AlertReader();
    AlertReader other = new AlertReader();
    FalcoAlert first = one.parseOne(flat);
    // Within one reader, values read again are shared: one instance per rule name (each parser).
    assertThat(one.parseOne(flat).rule()).isSameAs(first.rule());
    List<FalcoAlert> fromArray = new ArrayList<>();
    AlertReader.Listener collect =
        new AlertReader.Listener() {
          @Override
          public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
            fromArray.add(alert);
          }

          @Override
          public void error(ItemError error) {
            errors.add(error);
          }
        };
    one.read(general, collect);
    one.read(general, collect);
    assertThat(fromArray).hasSize(2);
    assertThat(fromArray.get(1).rule()).isSameAs(fromArray.get(0).rule());
    // Another reader starts cold: equal values, its own instances.
    FalcoAlert elsewhere = other.parseOne(flat);
    assertThat(elsewhere.rule()).isEqualTo(first.rule()).isNotSameAs(first.rule());
    assertThat(elsewhere).isEqualTo(first);
  }

  @Test
  void aBodyOfOneAlertIsLineOneWithoutItsTrailingWhitespaceAndStillBoundedByTheLineLimit() {
    List<String> sources = new ArrayList<>();
    new AlertReader()
        .read(
            (" " + String.format(OK, 1) + " \r\n").getBytes(StandardCharsets.UTF_8),
            recordingSources(sources));
    assertThat(sources).containsExactly("R1@line1:" + String.format(OK, 1));

    read(
        "{\"rule\":\""
            + "x".repeat(5000)
            + "\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\"}",
        1024);
    assertThat(accepted).isEmpty();
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(ItemError.Kind.SYNTAX);
              assertThat(e.reason()).contains("longer than 1024 bytes");
            });
  }

  @Test
  void readsNdjsonAndReportBadLinesByNumber() {
    read(
        String.format(OK, 1)
            + "\n\n{not json}\n"
            + String.format(OK, 4)
            + "\r\n{\"rule\":\"R5\"}\n"
            + String.format(OK, 6));
    assertThat(accepted).containsExactly("R1@line1", "R4@line4", "R6@line6");
    assertThat(errors).extracting(ItemError::position).containsExactly(3L, 5L);
    assertThat(errors)
        .extracting(ItemError::kind)
        .containsExactly(ItemError.Kind.SYNTAX, ItemError.Kind.FIELD);
    assertThat(errors.get(1).field()).isEqualTo("priority");
  }

  @Test
  void readsArraysAndSkipBadElementsByIndex() {
    read(
        "["
            + String.format(OK, 0)
            + ",{\"rule\":\"R1\",\"priority\":\"Nope\",\"time\":\"2026-02-17T03:14:16Z\",\"output_fields\":{\"a\":{\"b\":[1,2]}}},"
            + "{\"rule\":\"R2\",\"priority\":\"Nope\",\"output_fields\":{\"a\":{\"b\":[1,2]}},\"time\":\"2026-02-17T03:14:16Z\"},"
            + String.format(OK, 3)
            + "]");
    assertThat(accepted).containsExactly("R0@index0", "R3@index3");
    assertThat(errors).extracting(ItemError::position).containsExactly(1L, 2L);
    assertThat(errors).allSatisfy(e -> assertThat(e.locator()).isEqualTo(ItemError.Locator.INDEX));
  }

  @Test
  void stopsAnArrayAtASyntaxErrorButKeepsWhatCameBefore() {
    read("[" + String.format(OK, 0) + ",{\"rule\":]");
    assertThat(accepted).containsExactly("R0@index0");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).reason()).contains("the rest of the array was not read");
  }

  @Test
  void readsAPrettyPrintedObject() {
    read(
        "{\n  \"rule\": \"R1\",\n  \"priority\": \"Notice\",\n  \"time\": \"2026-02-17T03:14:16Z\"\n}\n");
    assertThat(accepted).containsExactly("R1@line1");
    assertThat(errors).isEmpty();
  }

  @Test
  void reportsOverlongLinesAndGoOn() {
    read("{\"rule\":\"" + "x".repeat(5000) + "\"}\n" + String.format(OK, 2), 1024);
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.position()).isEqualTo(1);
              assertThat(e.reason()).contains("longer than 1024 bytes");
            });
    assertThat(accepted).containsExactly("R2@line2");
  }

  @Test
  void reportsInvalidUtf8WithItsByteOffset() {
    byte[] good = String.format(OK, 1).getBytes(StandardCharsets.UTF_8);
    byte[] bad =
        "{\"rule\":\"R\u00e9\",\"priority\":\"Notice\",\"time\":\"2026-02-17T03:14:16Z\"}"
            .getBytes(StandardCharsets.UTF_8);
    bad[11] = (byte) 0xff;
    try {
      new AlertReader().parseOne(bad);
      throw new AssertionError("accepted invalid UTF-8");
    } catch (MalformedAlertException e) {
      assertThat(e.reason()).contains("byte offset").containsIgnoringCase("UTF-8");
    }
    assertThat(new AlertReader().parseOne(good).rule()).isEqualTo("R1");
  }

  @Test
  void readsNothingFromAnEmptyOrBlankBody() {
    read("  \n\t\n");
    assertThat(accepted).isEmpty();
    assertThat(errors).isEmpty();
  }
}
