package io.falcocorrelator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Benchmark, not a timed test (run it with {@code mvn test -Dtest=UiBench}): the incident list's
 * first page with 100,000 stored incidents, and an incident with 500 evidence alerts, measured in
 * Chromium with the Performance API. Figures go to stdout and {@code target/ui-bench.txt};
 * docs/ui.md records them.
 */
@Tag("browser")
class UiBench {
  static final int INCIDENTS = 100_000;
  static final int EVIDENCE = 500;
  static final int RUNS = 5;

  @Test
  void listAndIncidentPage() throws Exception {
    Browser.requireChromium();
    List<String> report = new ArrayList<>();
    try (TestServer server = TestServer.start()) {
      Fixtures.post(server, Fixtures.alerts("kernel-module-escape", "bench"));
      CompositeAlert model = server.composites.get(0);
      long t0 = System.nanoTime();
      server
          .server
          .service()
          .query(
              table -> {
                for (int i = 0; i < INCIDENTS - 2; i++) {
                  server.server.incidents().record(copy(model, model.evidence(), i));
                }
                return null;
              })
          .join();
      List<Evidence> many = new ArrayList<>();
      for (int i = 0; i < EVIDENCE; i++) {
        Evidence e = model.evidence().get(i % model.evidence().size());
        many.add(
            new Evidence(
                e.group(),
                e.mappingId(),
                e.rule(),
                e.time().plusMillis(i * 450L),
                e.priority(),
                e.output(),
                e.fields(),
                i));
      }
      CompositeAlert big = copy(model, many, INCIDENTS);
      server
          .server
          .service()
          .query(
              table -> {
                server.server.incidents().record(big);
                return null;
              })
          .join();
      report.add(
          String.format(
              "stored %,d incidents in %.1f s", INCIDENTS, (System.nanoTime() - t0) / 1e9));
      assertThat(TestServer.json(server.get("/api/v1/incidents?limit=1")).path("total").asInt())
          .isEqualTo(INCIDENTS);

      try (Browser browser = Browser.start()) {
        double[] list = new double[RUNS];
        double[] api = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
          browser.open(server.uri("/ui/").toString());
          browser.await(
              "the first page",
              d ->
                  browser
                          .js("return performance.getEntriesByName('incidents-rendered').length")
                          .equals(1L)
                      ? true
                      : null);
          list[r] =
              ((Number)
                      browser.js(
                          "return performance.getEntriesByName('incidents-rendered')[0].startTime"))
                  .doubleValue();
          api[r] =
              ((Number)
                      browser.js(
                          "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/incidents'))[0].duration"))
                  .doubleValue();
          assertThat(browser.all("#incident-rows tr")).hasSize(50);
        }
        report.add(
            String.format(
                "incident list, first page of 50 with %,d stored: rendered %.0f ms after navigation start (median of %d; runs %s); "
                    + "its API call %.0f ms",
                INCIDENTS, median(list), RUNS, Arrays.toString(round(list)), median(api)));
        browser.screenshot("bench-list");

        double[] page = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
          browser.open(server.uri("/ui/incidents/" + big.id()).toString());
          browser.await(
              "the timeline",
              ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg#timeline")));
          page[r] =
              ((Number)
                      browser.js(
                          "return performance.getEntriesByName('incident-rendered')[0].startTime"))
                  .doubleValue();
        }
        assertThat(browser.all("svg#timeline circle.mark")).hasSize(EVIDENCE);
        // Responsiveness: focusing each mark shows its details; the slowest and the mean handler
        // time.
        @SuppressWarnings("unchecked")
        List<Number> hover =
            (List<Number>)
                browser.js(
                    """
            const marks = [...document.querySelectorAll('svg#timeline circle.mark')];
            const times = [];
            for (const m of marks) { const t = performance.now(); m.dispatchEvent(new Event('mouseenter')); times.push(performance.now() - t); }
            times.sort((a, b) => a - b);
            return [times[times.length - 1], times.reduce((a, b) => a + b, 0) / times.length, times[Math.floor(times.length * 0.99)]];
            """);
        Number scroll =
            (Number)
                browser.js(
                    """
            const t = performance.now(); window.scrollTo(0, document.body.scrollHeight); document.body.getBoundingClientRect(); window.scrollTo(0, 0);
            return performance.now() - t;""");
        report.add(
            String.format(
                "incident page with %d evidence alerts: rendered %.0f ms after navigation start (median of %d; runs %s); "
                    + "mark details on hover: mean %.2f ms, p99 %.2f ms, max %.2f ms; scroll to bottom and back with layout %.1f ms",
                EVIDENCE,
                median(page),
                RUNS,
                Arrays.toString(round(page)),
                hover.get(1).doubleValue(),
                hover.get(2).doubleValue(),
                hover.get(0).doubleValue(),
                scroll.doubleValue()));
        browser.fullScreenshot("bench-incident-500");
      }
    }
    report.forEach(System.out::println);
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "ui-bench.txt"), report, StandardCharsets.UTF_8);
  }

  private static CompositeAlert copy(CompositeAlert m, List<Evidence> evidence, int n) {
    Instant first = evidence.get(0).time();
    Instant last = evidence.get(evidence.size() - 1).time();
    return new CompositeAlert(
        UUID.nameUUIDFromBytes(("bench-" + n).getBytes(StandardCharsets.UTF_8)).toString(),
        m.definition(),
        m.key(),
        m.info(),
        m.groups(),
        evidence,
        first,
        last,
        List.of(),
        "",
        m.detectedAt().plus(Duration.ofMillis(n)));
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static long[] round(double[] xs) {
    return Arrays.stream(xs).mapToLong(Math::round).toArray();
  }
}
