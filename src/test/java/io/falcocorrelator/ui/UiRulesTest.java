package io.falcocorrelator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The rules page: mappings and cases with file:line, hits, never-matched, and a failed reload's
 * problems.
 */
@Tag("browser")
class UiRulesTest {

  @Test
  void showsSourcesHitsNeverMatchedAndTheLastReloadsProblems(@TempDir Path dir) throws Exception {
    Browser.requireChromium();
    for (String f : List.of("mappings.yaml", "cases.yaml")) {
      Files.copy(Path.of("rules-yaml", f), dir.resolve(f));
    }
    ServerConfig config =
        TestServer.config(
            ServerConfig.Auth.none(), ServerConfig.Limits.defaults(), Optional.of(dir));
    try (TestServer server = new TestServer(config);
        Browser browser = Browser.start()) {
      Fixtures.post(server, Fixtures.alerts("kernel-module-escape", "rules"));
      // A broken edit: the reload is refused and the rules in force stay.
      Files.writeString(
          dir.resolve("cases.yaml"),
          Files.readString(dir.resolve("cases.yaml")) + "\n  - id: [broken\n");
      server.send(server.post("/api/v1/reload", "", "application/json").build());
      JsonNode api = TestServer.json(server.get("/api/v1/rules"));
      assertThat(api.path("last_reload").path("ok").asBoolean(true)).isFalse();

      browser.open(server.uri("/ui/rules").toString());
      browser.await(
          "the mappings",
          ExpectedConditions.presenceOfElementLocated(By.cssSelector("#mappings tbody tr")));
      List<WebElement> rows = browser.all("#mappings tbody tr");
      assertThat(rows).hasSize(api.path("mappings").size());
      Set<String> never = new HashSet<>();
      api.path("never_matched").forEach(n -> never.add(n.asString()));
      for (JsonNode m : api.path("mappings")) {
        WebElement row =
            browser.one("#mappings tr[data-mapping='" + m.path("id").asString() + "']");
        assertThat(row.getText())
            .contains(m.path("file").asString() + ":" + m.path("line").asInt());
        if (never.contains(m.path("id").asString())) {
          assertThat(row.getText()).contains("never matched");
        } else {
          assertThat(m.path("hits").asLong()).isPositive();
          assertThat(row.getText())
              .doesNotContain("never matched")
              .contains(String.valueOf(m.path("hits").asLong()));
        }
      }
      assertThat(never).doesNotContain("kernel-module-load");
      assertThat(browser.one("#mappings tr[data-mapping='kernel-module-load']").getText())
          .doesNotContain("never matched");
      assertThat(browser.all("#cases tbody tr")).hasSize(api.path("cases").size());
      assertThat(browser.one("#cases tr[data-case='kernel_module_container_escape']").getText())
          .contains("cases.yaml:");
      String reload = browser.one("#last-reload").getText();
      assertThat(reload).contains("failed");
      assertThat(reload).contains(api.path("last_reload").path("problems").get(0).asString());
      browser.fullScreenshot("rules");
    }
  }
}
