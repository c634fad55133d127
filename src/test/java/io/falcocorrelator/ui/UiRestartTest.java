package io.falcocorrelator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.support.TestServer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** An acknowledgement made in the console survives a server restart with {@code state.dir}. */
@Tag("browser")
class UiRestartTest {

  @Test
  void acknowledgingInTheConsoleSurvivesARestart(@TempDir Path dir) throws Exception {
    Browser.requireChromium();
    ServerConfig config =
        ServerConfig.defaults()
            .withState(new ServerConfig.State(Optional.of(dir.resolve("state")), false));
    String id;
    try (Browser browser = Browser.start()) {
      try (TestServer server = new TestServer(config)) {
        Fixtures.post(server, Fixtures.alerts("kernel-module-escape", "restart"));
        id =
            TestServer.json(server.get("/api/v1/incidents"))
                .path("incidents")
                .get(0)
                .path("id")
                .asString();
        browser.open(server.uri("/ui/incidents/" + id).toString());
        browser.await(
            "the incident", ExpectedConditions.presenceOfElementLocated(By.id("status-form")));
        new Select(browser.one("#new-status")).selectByValue("acknowledged");
        browser.one("#note").sendKeys("isolating node before the restart");
        browser.one("#status-submit").click();
        browser.await(
            "the new status",
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("status-badge"), "acknowledged"));
      }
      try (TestServer restarted = new TestServer(config)) {
        browser.open(restarted.uri("/ui/incidents/" + id).toString());
        browser.await(
            "the incident after the restart",
            ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg#timeline")));
        assertThat(browser.one("#status-badge").getText()).contains("acknowledged");
        assertThat(browser.one("#history").getText()).contains("isolating node before the restart");
        assertThat(browser.all("svg#timeline circle.mark")).hasSize(4);
        browser.screenshot("acknowledged-after-restart");
      }
    }
  }
}
