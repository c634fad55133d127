package io.falcocorrelator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by
 * Selenium, at 1280x800, with a fresh profile. Nothing is downloaded: the driver binary is named
 * explicitly, so Selenium Manager never runs. Without Chromium the test fails under CI (which
 * installs it) and is skipped elsewhere, saying why.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  final ChromeDriver driver;
  final Path profile;
  final Path downloads;

  private Browser(Map<String, String> extraHeaders) throws IOException {
    this.profile = Files.createTempDirectory("ui-chromium-profile");
    this.downloads = Files.createTempDirectory("ui-downloads");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--disable-extensions",
        "--window-size=1280,800",
        "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1280, 800));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    if (!extraHeaders.isEmpty()) {
      driver.executeCdpCommand("Network.enable", Map.of());
      driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", extraHeaders));
    }
  }

  /**
   * Starts Chromium, or fails (CI) / skips (elsewhere) with the reason when it is not installed.
   */
  static Browser start() throws IOException {
    return start(Map.of());
  }

  static Browser start(Map<String, String> extraHeaders) throws IOException {
    requireChromium();
    return new Browser(extraHeaders);
  }

  static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String why =
        "the console's browser tests need Debian's chromium and chromium-driver ("
            + CHROMIUM
            + ", "
            + CHROMEDRIVER
            + "): apt-get install -y chromium chromium-driver (.ci/run installs them)";
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(why);
    }
    Assumptions.abort(why);
  }

  void open(String url) {
    driver.get(url);
  }

  /**
   * A wait that re-evaluates its condition when the page replaced an element it read (live pages
   * re-render: the health page every few seconds).
   */
  WebDriverWait waitUpTo(Duration d) {
    WebDriverWait wait = new WebDriverWait(driver, d);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  <T> T await(String what, ExpectedCondition<T> condition) {
    // Generous: the shared CI machine can be very busy; a wait ends as soon as its condition holds.
    return waitUpTo(Duration.ofSeconds(40)).withMessage(what).until(condition);
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  WebElement one(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /**
   * The text of the element at {@code css} once it is there, read afresh if the page re-renders.
   */
  String text(String what, String css) {
    return await(what, d -> d.findElement(By.cssSelector(css)).getText());
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Console messages so far (each call drains them). */
  List<LogEntry> consoleLog() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File png = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(
          png.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A full-page screenshot: the window grown to the page's height for one capture. */
  void fullScreenshot(String name) {
    js("window.scrollTo(0, 0)");
    Number height = (Number) js("return Math.min(document.documentElement.scrollHeight, 3000)");
    driver.manage().window().setSize(new Dimension(1280, Math.max(800, height.intValue())));
    try {
      screenshot(name);
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 800));
    }
  }

  static void assertNoErrors(List<LogEntry> log) {
    assertThat(
            log.stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList())
        .as("browser console warnings and errors")
        .isEmpty();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
      deleteQuietly(downloads);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary profile left behind is not worth failing a test for.
    }
  }
}
