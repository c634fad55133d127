package io.falcocorrelator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The console's HTTP behaviour without a browser: routing, caching and security headers. */
class UiHttpTest {
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return server.send(b.build());
  }

  private static void assertSecurityHeaders(HttpResponse<String> r) {
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp)
        .contains("default-src 'self'")
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .contains("frame-ancestors 'none'")
        .contains("object-src 'none'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void aBrowserAskingForTheRootIsSentToTheConsoleAndOtherClientsAreNot() throws Exception {
    HttpResponse<String> browser = get("/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(browser.statusCode()).isEqualTo(302);
    assertThat(browser.headers().firstValue("Location")).hasValue("/ui/");
    assertThat(get("/", "Accept", "application/json").statusCode()).isEqualTo(405);
    // Ingestion on POST / is untouched.
    HttpResponse<String> post =
        server.send(server.post("/", "{\"rule\":\"x\"", "application/json").build());
    assertThat(post.statusCode()).isEqualTo(400);
    assertThat(get("/ui").headers().firstValue("Location")).hasValue("/ui/");
  }

  @Test
  void everyConsolePathServesTheSinglePageWithSecurityHeadersAndNoCache() throws Exception {
    for (String path :
        new String[] {"/ui/", "/ui/incidents/some-id", "/ui/watchlist", "/ui/health"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(r.body())
          .contains("<main id=\"main\"")
          .doesNotContain(UiAssets.VERSION_PLACEHOLDER);
      assertSecurityHeaders(r);
    }
  }

  @Test
  void assetsAreVersionedCachedForAYearAndRevalidatedByETag() throws Exception {
    String page = get("/ui/").body();
    Matcher m = Pattern.compile("/ui/assets/([0-9a-f]{12})/js/app\\.js").matcher(page);
    assertThat(m.find()).as("index.html names the versioned module").isTrue();
    HttpResponse<String> js = get(m.group());
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(js.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertSecurityHeaders(js);
    String etag = js.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = get(m.group(), "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    // Another build's version still gets the file, but is not cached for a year.
    HttpResponse<String> old = get("/ui/assets/000000000000/js/app.js");
    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(get("/ui/assets/" + m.group(1) + "/js/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/ui/assets/" + m.group(1) + "/../index.html").statusCode()).isIn(404, 400);
    String index = get("/ui/").headers().firstValue("ETag").orElseThrow();
    assertThat(get("/ui/", "If-None-Match", index).statusCode()).isEqualTo(304);
  }

  @Test
  void healthReportsVersionUptimeAndCounters() throws Exception {
    server.postAsFalco(
        "{\"output\":\"x\",\"priority\":\"Warning\",\"rule\":\"Terminal shell in container\",\"time\":\"2026-02-17T03:14:16.007919000Z\","
            + "\"output_fields\":{\"container.id\":\"abc123abc123\"}}");
    server.postAsFalco("not json");
    JsonNode h = TestServer.json(server.get("/api/v1/health"));
    assertThat(h.path("version").asString()).isNotBlank();
    assertThat(h.path("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(h.path("alerts").path("accepted").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(h.path("alerts").path("rejected").size()).isPositive();
    assertThat(h.path("queue").path("capacity").asLong()).isPositive();
    assertThat(h.path("outputs").isArray()).isTrue();
  }
}
