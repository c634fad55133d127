package io.falcocorrelator.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.falcocorrelator.cli.Main;
import io.falcocorrelator.support.Scenarios;
import io.falcocorrelator.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real Chromium against a real server fed every fixture scenario (each under its
 * own hostname suffix, so they stay independent). Each test leaves a screenshot in {@code
 * target/ui-screenshots/}.
 */
@Tag("browser")
class UiConsoleTest {
  static final String XSS_NAME = "<img src=x onerror=\"window.__xss=1;alert(1)\">";
  static final String XSS_CMD =
      "<script>window.__xss=2;alert(2)</script> javascript:alert(3) <!channel> <a href=\"javascript:alert(4)\">x</a>";
  static final String XSS_FILE = "/tmp/<img src=x onerror=alert(5)>/javascript:alert(6)/<!channel>";
  static TestServer server;
  static Browser browser;
  static final List<Scenarios.Expected> EXPECTED = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    server = TestServer.start();
    for (Scenarios.Scenario s : Scenarios.all()) {
      Fixtures.post(server, Fixtures.alerts(s, s.name()));
      EXPECTED.addAll(Fixtures.expected(s, s.name()));
    }
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void screenshot(TestInfo info) {
    browser.screenshot(info.getTestMethod().orElseThrow().getName());
  }

  private String url(String path) {
    return server.uri(path).toString();
  }

  private void openList(String query) {
    browser.open(url("/ui/" + query));
    browser.await(
        "the incident list to render",
        d -> browser.one("#main").getAttribute("data-rendered") != null ? true : null);
  }

  private static String hostOf(String scenario) throws Exception {
    return Fixtures.host(Fixtures.scenario(scenario).expected().get(0).hostname(), scenario);
  }

  private static JsonNode incidentOn(String host) throws Exception {
    JsonNode page =
        TestServer.json(
            server.get(
                "/api/v1/incidents?hostname=" + URLEncoder.encode(host, StandardCharsets.UTF_8)));
    assertThat(page.path("incidents").size()).as("incidents on " + host).isGreaterThan(0);
    return TestServer.json(
        server.get("/api/v1/incidents/" + page.path("incidents").get(0).path("id").asString()));
  }

  private void openIncident(String id) {
    browser.open(url("/ui/incidents/" + id));
    browser.await(
        "the incident page to render",
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg#timeline")));
  }

  @Test
  void incidentListShowsEveryFixtureCaseWithItsSeverity() {
    openList("");
    List<String> expected =
        EXPECTED.stream()
            .map(e -> e.caseName() + " | " + e.severity() + " | " + e.hostname())
            .sorted()
            .toList();
    List<String> hosts = EXPECTED.stream().map(Scenarios.Expected::hostname).toList();
    List<String> shown = new ArrayList<>();
    for (WebElement row : browser.all("#incident-rows tr")) {
      String host = row.getAttribute("data-host");
      if (hosts.contains(host)) {
        String badge = row.findElement(By.cssSelector(".sev")).getText();
        assertThat(badge)
            .as("severity badge carries the word, not only a colour")
            .endsWith(row.getAttribute("data-severity"));
        shown.add(
            row.findElement(By.cssSelector(".case-link")).getText()
                + " | "
                + row.getAttribute("data-severity")
                + " | "
                + host);
      }
    }
    assertThat(shown.stream().sorted().toList()).isEqualTo(expected);
    browser.screenshot("incidents");
    Map<String, Long> bySeverity = new TreeMap<>();
    EXPECTED.forEach(e -> bySeverity.merge(e.severity(), 1L, Long::sum));
    assertThat(browser.one("[data-count='severity:Critical'] b").getText())
        .isEqualTo(String.valueOf(browser.all("#incident-rows tr[data-severity=Critical]").size()));
    assertThat(bySeverity.get("Critical")).isPositive();
  }

  @Test
  void filtersLiveInTheUrlAndSurviveAReload() {
    openList("");
    new Select(browser.one("#f-severity")).selectByValue("Critical");
    browser.one("#filters button[type=submit]").click();
    browser.await(
        "the URL to carry the filter", ExpectedConditions.urlContains("severity=Critical"));
    browser.await(
        "only Critical rows",
        d ->
            browser.all("#incident-rows tr").stream()
                    .allMatch(r -> "Critical".equals(r.getAttribute("data-severity")))
                && !browser.all("#incident-rows tr").isEmpty());
    int criticalRows = browser.all("#incident-rows tr").size();
    browser.driver.navigate().refresh();
    browser.await(
        "the list to render again", d -> !browser.all("#incident-rows tr").isEmpty() ? true : null);
    assertThat(
            new Select(browser.one("#f-severity")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("Critical");
    assertThat(browser.all("#incident-rows tr"))
        .hasSize(criticalRows)
        .allSatisfy(r -> assertThat(r.getAttribute("data-severity")).isEqualTo("Critical"));

    // A shared link with a node filter shows that node's incidents only.
    String host = EXPECTED.get(0).hostname();
    openList("?hostname=" + URLEncoder.encode(host, StandardCharsets.UTF_8));
    assertThat(browser.one("#f-hostname").getAttribute("value")).isEqualTo(host);
    assertThat(browser.all("#incident-rows tr"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.getAttribute("data-host")).isEqualTo(host));
  }

  @Test
  void keyboardMovesThroughTheListAndEnterOpensAnIncident() {
    openList("?severity=Critical");
    List<WebElement> rows = browser.all("#incident-rows tr");
    assertThat(rows.size()).isGreaterThan(1);
    String second = rows.get(1).getAttribute("data-id");
    browser.one("body").sendKeys("j");
    assertThat(rows.get(1).getAttribute("aria-selected")).isEqualTo("true");
    new Actions(browser.driver).sendKeys("j").sendKeys("k").sendKeys(Keys.ENTER).perform();
    browser.await("the incident page", ExpectedConditions.urlContains("/ui/incidents/" + second));
    browser.await(
        "its timeline",
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg#timeline")));
  }

  @Test
  void aNewIncidentAppearsLiveBehindAMarkerWithoutMovingTheList() throws Exception {
    openList("");
    browser.await(
        "the live connection",
        d -> "live".equals(browser.one("#live").getAttribute("data-state")) ? true : null);
    List<String> before =
        browser.all("#incident-rows tr").stream().map(r -> r.getAttribute("data-id")).toList();
    Fixtures.post(server, Fixtures.alerts("kernel-module-escape", "live"));
    WebElement marker =
        browser.await(
            "the N new marker", ExpectedConditions.visibilityOfElementLocated(By.id("new-marker")));
    assertThat(marker.getText()).startsWith("1 new");
    assertThat(
            browser.all("#incident-rows tr").stream().map(r -> r.getAttribute("data-id")).toList())
        .isEqualTo(before);
    browser.screenshot("incidents-new-marker");
    marker.click();
    String host = Fixtures.host("ip-10-42-17-203.eu-central-1.compute.internal", "live");
    browser.await(
        "the new incident on top",
        d -> {
          List<WebElement> rows = browser.all("#incident-rows tr");
          return !rows.isEmpty() && host.equals(rows.get(0).getAttribute("data-host"))
              ? true
              : null;
        });
  }

  @Test
  void theNewMarkerCountsOnlyNewIncidentsMatchingTheFilters() throws Exception {
    String base = "ip-10-42-17-203.eu-central-1.compute.internal";
    String mine = Fixtures.host(base, "filtered-mine");
    openList("?hostname=" + URLEncoder.encode(mine, StandardCharsets.UTF_8));
    browser.await(
        "the live connection",
        d -> "live".equals(browser.one("#live").getAttribute("data-state")) ? true : null);
    Fixtures.post(server, Fixtures.alerts("kernel-module-escape", "filtered-other"));
    Fixtures.post(server, Fixtures.alerts("kernel-module-escape", "filtered-mine"));
    Fixtures.post(server, Fixtures.alerts("docker-socket-escape", "filtered-other-2"));
    browser.await(
        "the count after all three incidents",
        d -> "3".equals(browser.one("#new-marker").getAttribute("data-counted")) ? true : null);
    WebElement marker = browser.one("#new-marker");
    assertThat(marker.isDisplayed()).isTrue();
    assertThat(marker.getText()).isEqualTo("1 new \u2013 show");
    assertThat(marker.getAttribute("aria-label")).contains("1 new incident matching these filters");
  }

  @Test
  void incidentPageShowsOneTimelineMarkPerEvidenceAlertInItsGroupsLane() throws Exception {
    JsonNode detail = incidentOn(hostOf("kernel-module-escape"));
    JsonNode evidence = detail.path("composite").path("evidence");
    openIncident(detail.path("incident").path("id").asString());
    List<WebElement> marks = browser.all("svg#timeline circle.mark");
    assertThat(marks).hasSize(evidence.size());
    Map<String, Integer> perGroup = new TreeMap<>();
    evidence.forEach(e -> perGroup.merge(e.path("group").asString(), 1, Integer::sum));
    for (Map.Entry<String, Integer> g : perGroup.entrySet()) {
      WebElement lane = browser.one("svg#timeline g.lane[data-lane='" + g.getKey() + "'] rect");
      double top = Double.parseDouble(lane.getAttribute("y"));
      double bottom = top + Double.parseDouble(lane.getAttribute("height"));
      List<WebElement> inLane =
          browser.all("svg#timeline circle.mark[data-group='" + g.getKey() + "']");
      assertThat(inLane).as("marks in lane " + g.getKey()).hasSize(g.getValue());
      for (WebElement m : inLane) {
        assertThat(Double.parseDouble(m.getAttribute("cy")))
            .as("mark inside its lane")
            .isBetween(top, bottom);
      }
    }
    // Marks are ordered by event time along the axis.
    List<Double> xs = marks.stream().map(m -> Double.parseDouble(m.getAttribute("cx"))).toList();
    assertThat(xs).isSorted();
    new Actions(browser.driver).moveToElement(marks.get(marks.size() - 1)).perform();
    WebElement tip =
        browser.await(
            "the mark's details",
            ExpectedConditions.visibilityOfElementLocated(By.id("timeline-tip")));
    assertThat(tip.getText())
        .contains("Linux Kernel Module Injection Detected")
        .contains("insmod /tmp/rootkit.ko");
    assertThat(browser.one("#context").getText())
        .contains("metrics-agent")
        .contains("7c3e9a1f4b2d")
        .contains("monitoring");
    assertThat(browser.all("#mitre a"))
        .extracting(a -> a.getAttribute("href"))
        .contains(
            "https://attack.mitre.org/techniques/T1611/",
            "https://attack.mitre.org/techniques/T1547/006/");
    assertThat(browser.all("#triage input[type=checkbox]"))
        .hasSize(detail.path("composite").path("triage").size());
    browser.fullScreenshot("incident");
  }

  @Test
  void everyFixtureIncidentPageRendersItsTimeline() throws Exception {
    browser.consoleLog();
    JsonNode page = TestServer.json(server.get("/api/v1/incidents?limit=500"));
    for (JsonNode i : page.path("incidents")) {
      String id = i.path("id").asString();
      browser.open(url("/ui/incidents/" + id));
      browser.await(
          "the page of "
              + i.path("case").asString()
              + " on "
              + i.path("context").path("hostname").asString()
              + " "
              + browser.consoleLog(),
          ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg#timeline")));
      assertThat(browser.all("svg#timeline circle.mark"))
          .as(id)
          .hasSize(i.path("evidence_count").asInt());
    }
    Browser.assertNoErrors(browser.consoleLog());
  }

  @Test
  void acknowledgingPersistsAcrossAReload() throws Exception {
    JsonNode detail = incidentOn(hostOf("core-pattern-escape"));
    String id = detail.path("incident").path("id").asString();
    openIncident(id);
    new Select(browser.one("#new-status")).selectByValue("acknowledged");
    browser.one("#note").sendKeys("paged at 03:00, looking at node");
    browser.one("#status-submit").click();
    browser.await(
        "the new status",
        ExpectedConditions.textToBePresentInElementLocated(By.id("status-badge"), "acknowledged"));
    browser.driver.navigate().refresh();
    browser.await(
        "the page again",
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg#timeline")));
    assertThat(browser.one("#status-badge").getText()).contains("acknowledged");
    assertThat(browser.one("#history").getText()).contains("paged at 03:00, looking at node");
    assertThat(
            TestServer.json(server.get("/api/v1/incidents/" + id))
                .path("incident")
                .path("status")
                .asString())
        .isEqualTo("acknowledged");
    // Only resolving is offered now.
    assertThat(new Select(browser.one("#new-status")).getOptions())
        .extracting(WebElement::getText)
        .containsExactly("resolved");
  }

  @Test
  void watchlistShowsAContextPartWayToACaseAndDropsItWhenTheCaseFires() throws Exception {
    List<String> alerts = Fixtures.alerts("kernel-module-escape", "watch");
    String host = Fixtures.host("ip-10-42-17-203.eu-central-1.compute.internal", "watch");
    Fixtures.post(server, alerts.subList(0, alerts.size() - 1));
    browser.open(url("/ui/watchlist"));
    String row = "#watch-rows tr[data-host='" + host + "']";
    WebElement entry =
        browser.await(
            "the context on the watchlist",
            ExpectedConditions.presenceOfElementLocated(By.cssSelector(row)));
    assertThat(entry.getText())
        .contains("enumeration")
        .contains("kernel module escape")
        .contains("Critical");
    assertThat(entry.getAttribute("data-cases")).startsWith("kernel_module_container_escape");
    browser.screenshot("watchlist");
    browser.await(
        "the live connection",
        d -> "live".equals(browser.one("#live").getAttribute("data-state")) ? true : null);
    Fixtures.post(server, alerts.subList(alerts.size() - 1, alerts.size()));
    // The case fired: it is no longer brewing there (the context may stay for the other cases it
    // can still reach).
    browser.await(
        "the fired case to leave the watchlist",
        d ->
            browser
                    .js(
                        "return [...document.querySelectorAll(arguments[0])].every(r => !r.dataset.cases.includes('kernel_module_container_escape'))",
                        row)
                    .equals(true)
                ? true
                : null);
  }

  @Test
  void attackerStringsAreShownLiterallyAndNothingRuns() throws Exception {
    browser.consoleLog();
    String host = hostOf("hostile-strings-xss");
    openList("?hostname=" + URLEncoder.encode(host, StandardCharsets.UTF_8));
    assertThat(browser.one("#incident-rows tr .ctr .mono").getText()).isEqualTo(XSS_NAME);
    browser.screenshot("xss-list");
    JsonNode detail = incidentOn(host);
    openIncident(detail.path("incident").path("id").asString());
    assertThat(browser.one("#context").getText()).contains(XSS_NAME);
    List<WebElement> rows = browser.all("#evidence tbody tr");
    assertThat(rows)
        .hasSize(3)
        .allSatisfy(
            r -> {
              List<WebElement> cells = r.findElements(By.tagName("td"));
              assertThat(cells.get(5).getText()).isEqualTo(XSS_CMD);
            });
    assertThat(rows.get(0).findElements(By.tagName("td")).get(6).getText()).isEqualTo(XSS_FILE);
    new Actions(browser.driver)
        .moveToElement(browser.all("svg#timeline circle.mark").get(0))
        .perform();
    assertThat(
            browser
                .await(
                    "the tooltip",
                    ExpectedConditions.visibilityOfElementLocated(By.id("timeline-tip")))
                .getText())
        .contains(XSS_CMD)
        .contains(XSS_FILE);
    browser.one("#raw-h").click();
    assertThat(browser.one("#raw-json").getText()).contains(XSS_NAME.replace("\"", "\\\""));
    browser.fullScreenshot("xss-incident");

    assertThat(browser.js("return window.__xss === undefined")).isEqualTo(true);
    assertThatThrownBy(() -> browser.driver.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    assertThat(browser.all("img")).as("no injected image").isEmpty();
    assertThat(browser.all("script")).as("only the console's own module").hasSize(1);
    assertThat(browser.all("a"))
        .extracting(a -> String.valueOf(a.getAttribute("href")))
        .noneMatch(h -> h.toLowerCase().startsWith("javascript:"));
    Browser.assertNoErrors(browser.consoleLog());
  }

  @Test
  void downloadedEvidenceReplaysToTheSameIncident() throws Exception {
    JsonNode detail = incidentOn(hostOf("kernel-module-escape"));
    openIncident(detail.path("incident").path("id").asString());
    browser.one("#raw-h").click();
    browser.one("#download-evidence").click();
    Path file =
        browser.await(
            "the download",
            d -> {
              try (Stream<Path> files = Files.list(browser.downloads)) {
                return files.filter(p -> p.toString().endsWith(".ndjson")).findFirst().orElse(null);
              } catch (java.io.IOException e) {
                return null;
              }
            });
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = Main.run("replay", file.toString());
    } finally {
      System.setOut(stdout);
    }
    assertThat(code).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode replayed = TestServer.MAPPER.readTree(lines[0]);
    JsonNode original = detail.path("composite");
    for (String field :
        new String[] {
          "case", "severity", "context", "groups", "first_seen", "last_seen", "evidence"
        }) {
      assertThat(replayed.path(field)).as(field).isEqualTo(original.path(field));
    }
  }

  @Test
  void theDarkThemeFollowsTheSystemSetting() throws Exception {
    JsonNode detail = incidentOn(hostOf("privileged-namespace-escape"));
    browser.driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    try {
      openIncident(detail.path("incident").path("id").asString());
      String background =
          (String) browser.js("return getComputedStyle(document.body).backgroundColor");
      assertThat(background).isEqualTo("rgb(15, 18, 22)");
      browser.fullScreenshot("incident-dark");
      openList("");
      browser.screenshot("incidents-dark");
    } finally {
      browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
    assertThat((String) browser.js("return getComputedStyle(document.body).backgroundColor"))
        .isEqualTo("rgb(246, 247, 249)");
  }

  @Test
  void healthPageShowsThroughputAndVersion() {
    browser.open(url("/ui/health"));
    String accepted = browser.text("the health figures", "#stat-accepted b");
    assertThat(Long.parseLong(accepted.replace(",", ""))).isPositive();
    // The page re-renders every few seconds: each read finds the element afresh.
    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(d -> !browser.one("#stat-rate b").getText().startsWith("measuring"));
    assertThat(browser.text("the version", "#stat-version b")).isNotBlank();
    browser.screenshot("health");
  }
}
