package io.falcocorrelator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** With Basic auth configured, the console and every API call it makes need the credentials. */
@Tag("browser")
class UiAuthTest {
  static final String BASIC =
      "Basic "
          + Base64.getEncoder().encodeToString("falco:s3cret".getBytes(StandardCharsets.UTF_8));
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    server =
        new TestServer(
            TestServer.config(
                TestServer.basicAndBearer(false),
                ServerConfig.Limits.defaults(),
                Optional.empty()));
    HttpResponse<String> r =
        server.send(
            server
                .post(
                    "/",
                    String.join("\n", Fixtures.alerts("kernel-module-escape", "auth")) + "\n",
                    "application/x-ndjson")
                .header("Authorization", BASIC)
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    server.awaitDrained();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void withoutCredentialsThePageAndItsApiCallsAreRefusedWithABasicChallenge() throws Exception {
    for (String path :
        List.of(
            "/ui/",
            "/ui/incidents/x",
            "/ui/assets/any/js/app.js",
            "/api/v1/incidents",
            "/api/v1/events",
            "/api/v1/watchlist",
            "/api/v1/health")) {
      HttpResponse<String> r =
          server.send(
              HttpRequest.newBuilder(server.uri(path))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build());
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElse(""))
          .as(path)
          .startsWith("Basic ");
      assertThat(r.body()).doesNotContain("Kernel Module");
    }
    try (Browser browser = Browser.start()) {
      browser.open(server.uri("/ui/").toString());
      assertThat(browser.all("#main")).as("no console without credentials").isEmpty();
      // Headless Chromium answers the Basic challenge with its (invisible) credentials prompt: an
      // empty page.
      assertThat(browser.driver.getPageSource())
          .doesNotContain("Kernel Module")
          .doesNotContain("falco-correlator console");
      browser.screenshot("auth-refused");
    }
  }

  @Test
  void withCredentialsTheConsoleAndItsLiveStreamWork() throws Exception {
    try (Browser browser = Browser.start(Map.of("Authorization", BASIC))) {
      browser.open(server.uri("/ui/").toString());
      browser.await(
          "the incident",
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector("#incident-rows tr[data-severity=Critical]")));
      browser.await(
          "the live stream",
          d -> "live".equals(browser.one("#live").getAttribute("data-state")) ? true : null);
      browser.screenshot("auth-accepted");
    }
  }
}
