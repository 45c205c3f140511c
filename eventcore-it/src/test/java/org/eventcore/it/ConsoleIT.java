package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventcore.interfaces.rest.security.Roles;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console ({@code /operator-console/}) in a real browser: Debian's Chromium, headless,
 * driven by Selenium through Debian's chromedriver (both named by path, so nothing is downloaded).
 * Every wait is a condition with a generous deadline, never a sleep. A screenshot of every page
 * goes to {@code target/screenshots/} (a build artifact).
 */
@EventCoreServerTest
@RunAsClient
class ConsoleIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static WebDriver browser;

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @BeforeAll
  static void startBrowser() {
    String chromium = System.getProperty("eventcore.it.chromium", "/usr/bin/chromium");
    String chromedriver = System.getProperty("eventcore.it.chromedriver", "/usr/bin/chromedriver");
    for (String program : List.of(chromium, chromedriver)) {
      if (!Files.isExecutable(Path.of(program))) {
        throw new IllegalStateException(
            program
                + " is missing: the console's browser tests need Debian's chromium and"
                + " chromium-driver (apt-get install chromium chromium-driver; .ci/run does it)");
      }
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Opens the console and signs in by pasting {@code token}, as an operator does. */
  private static void signIn(String token) {
    browser.get(Http.app() + "/operator-console/index.html");
    browser.manage().deleteAllCookies();
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear(); location.hash = '';");
    browser.navigate().refresh();
    WebElement input =
        await().until(ExpectedConditions.visibilityOfElementLocated(id("token-input")));
    input.sendKeys(token);
    browser.findElement(id("sign-in")).click();
    await().until(ExpectedConditions.visibilityOfElementLocated(id("view-streams")));
  }

  private static void signInAsOperator() {
    signIn(Tokens.of("console-operator", Tokens.DEFAULT_ROLES));
  }

  private static WebDriverWait await() {
    WebDriverWait wait = new WebDriverWait(browser, DEADLINE);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private static By id(String id) {
    return By.id(id);
  }

  private static void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String errorShown() {
    WebElement error = browser.findElement(id("error"));
    return error.isDisplayed() ? error.getText() : "";
  }

  @Test
  void theConsoleIsServedWithItsOwnPolicyAndItsDataNeedsTheOperatorRole() {
    HttpResponse<String> page =
        Http.sendWithoutDefaultToken(
            HttpRequest.newBuilder(URI.create(Http.app() + "/operator-console/index.html")).GET());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    assertThat(page.body())
        .contains("<script src=\"console.js\"")
        .doesNotContain("http://", "https://");
    // the API keeps the strict policy
    assertThat(Http.get(Api.url("/projections")).headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'none'; frame-ancestors 'none'");

    String summary = Api.url("/operator/summary");
    assertThat(
            Http.sendWithoutDefaultToken(HttpRequest.newBuilder(URI.create(summary)).GET())
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> asReader =
        Http.send(
            HttpRequest.newBuilder(URI.create(summary))
                .header("Authorization", "Bearer " + Tokens.of("console-reader", Roles.READER))
                .GET());
    assertThat(asReader.statusCode()).isEqualTo(403);
    assertThat(asReader.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(Http.get(summary).statusCode()).isEqualTo(200);
  }

  @Test
  void aCallerWithoutTheOperatorRoleSeesTheRefusalAndNoData() throws IOException {
    String account = Api.fresh("console-hidden");
    assertThat(Api.openAccount(account, 5).statusCode()).isEqualTo(201);
    signIn(Tokens.of("console-reader", Roles.READER));
    browser.findElement(id("stream-prefix")).sendKeys("account-" + account);
    browser.findElement(id("stream-search")).click();
    await().until(d -> errorShown().startsWith("403"));
    assertThat(browser.findElements(By.cssSelector("#stream-list tr"))).isEmpty();
    screenshot("console-refused");
  }

  @Test
  void browsesToAnEventWrittenByACommandAndFollowsItsCorrelation() throws IOException {
    String account = Api.fresh("console");
    String correlation = "console-" + account;
    HttpResponse<String> opened =
        Http.postJson(
            Api.url("/accounts"),
            "{\"accountId\":\"" + account + "\",\"owner\":\"Ada Console\",\"initialBalance\":42}",
            "X-Correlation-Id",
            correlation);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    String stream = "account-" + account;

    signInAsOperator();
    browser.findElement(id("stream-prefix")).sendKeys(stream);
    browser.findElement(id("stream-search")).click();
    // the search's answer replaces the list: one row, this stream
    await()
        .until(
            d -> {
              List<WebElement> rows = d.findElements(By.cssSelector("#stream-list tr"));
              return rows.size() == 1 && stream.equals(rows.get(0).getAttribute("data-stream"));
            });
    WebElement link = browser.findElement(By.cssSelector("#stream-list tr a.stream-link"));
    screenshot("console-streams");
    link.click();

    WebElement row =
        await()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#stream-events tr.event[data-type='AccountOpened']")));
    assertThat(browser.findElement(id("stream-title")).getText()).isEqualTo(stream);
    assertThat(browser.findElement(id("stream-version")).getText()).isEqualTo("version 1");
    assertThat(row.getText()).contains("AccountOpened").contains(correlation);
    row.click();
    WebElement payload =
        await()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#stream-events tr.detail pre.payload")));
    assertThat(payload.getText()).contains("\"owner\": \"Ada Console\"");
    assertThat(
            browser.findElement(By.cssSelector("#stream-events tr.detail pre.metadata")).getText())
        .contains("\"correlationId\": \"" + correlation + "\"")
        .contains("\"userId\": \"" + Tokens.DEFAULT_SUBJECT + "\"");
    screenshot("console-stream");

    browser
        .findElement(
            By.cssSelector("#stream-events tr.detail a.link-id[href$='" + correlation + "']"))
        .click();
    await()
        .until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#links-events tr.event[data-type='AccountOpened']")));
    assertThat(browser.findElement(id("links-title")).getText()).isEqualTo(correlation);
    assertThat(browser.findElements(By.cssSelector("#links-events tr.event"))).hasSize(1);
    assertThat(errorShown()).isEmpty();
    screenshot("console-links");
  }

  @Test
  void showsANewEventArriveLiveInTheFeed() throws IOException {
    signInAsOperator();
    browser.get(Http.app() + "/operator-console/index.html#/feed");
    await().until(ExpectedConditions.textToBe(id("feed-status"), "live"));

    String stream = Api.fresh("console-live");
    HttpResponse<String> appended =
        Http.postJson(
            Api.url("/streams/" + stream + "/events"),
            "[{\"type\":\"LampSwitchedOn\",\"data\":{\"room\":\"hall\"}}]");
    assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
    String eventId =
        Api.json(appended).getJsonArray("events").getJsonObject(0).getString("eventId");

    WebElement row =
        await()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#feed-events tr.event[data-event-id='" + eventId + "']")));
    assertThat(row.getText()).contains(stream).contains("LampSwitchedOn");
    assertThat(browser.findElement(id("feed-status")).getText()).isEqualTo("live");
    screenshot("console-feed");
  }

  @Test
  void startsARebuildAndShowsTheBarReach100Percent() throws IOException {
    assertThat(Api.openAccount(Api.fresh("console-rebuild"), 1).statusCode()).isEqualTo(201);
    signInAsOperator();
    browser.get(Http.app() + "/operator-console/index.html#/projections");
    String row = "#projection-list tr[data-projection='account-balances']";
    // the table is redrawn every second: find the button and click it in one step, again if stale
    String earlier =
        await()
            .until(
                d -> {
                  try {
                    WebElement projection = d.findElement(By.cssSelector(row));
                    String started = projection.getAttribute("data-rebuild-started");
                    projection.findElement(By.cssSelector("button.rebuild-button")).click();
                    return started == null ? "" : started;
                  } catch (StaleElementReferenceException redrawn) {
                    return null; // not clicked: try again on the new table
                  }
                });
    await()
        .until(
            d -> {
              try {
                WebElement projection = d.findElement(By.cssSelector(row));
                List<WebElement> bar = projection.findElements(By.cssSelector("progress"));
                String started = projection.getAttribute("data-rebuild-started");
                return !bar.isEmpty()
                    && started != null
                    && !started.equals(earlier)
                    && "100".equals(bar.get(0).getAttribute("value"))
                    && projection.findElement(By.cssSelector(".percent")).getText().equals("100 %")
                    && "RUNNING".equals(projection.getAttribute("data-status"));
              } catch (StaleElementReferenceException redrawn) {
                return false;
              }
            });
    JsonObject rebuild =
        Api.json(Http.get(Api.url("/projections/account-balances"))).getJsonObject("rebuild");
    assertThat(rebuild.getBoolean("finished")).isTrue();
    assertThat(rebuild.getJsonNumber("total").longValue()).isPositive();
    assertThat(rebuild.getJsonNumber("processed").longValue())
        .isGreaterThanOrEqualTo(rebuild.getJsonNumber("total").longValue());
    assertThat(errorShown()).isEmpty();
    screenshot("console-projections");
  }

  /**
   * Point 6: a conflict forced on one stream shows up among the hot streams, in the API, in the
   * metrics (never more series than the table holds) and on the metrics page, beside the charts.
   * The transfer from {@code z} to {@code a} reads both accounts and then waits on the lock the
   * test holds on {@code a}'s head (stream heads are locked in id order, {@code a} first); a
   * deposit to {@code z} meanwhile makes the transfer conflict on {@code z} when the lock is
   * released.
   */
  @Test
  void showsTheStreamsCommandsConflictOnAndExportsThemAsBoundedMetrics() throws Exception {
    String tag = Api.fresh("c");
    String a = "console-a-" + tag;
    String z = "console-z-" + tag;
    assertThat(Api.openAccount(a, 100).statusCode()).isEqualTo(201);
    assertThat(Api.openAccount(z, 100).statusCode()).isEqualTo(201);

    CompletableFuture<HttpResponse<String>> transfer;
    try (StreamHeadLock lock = StreamHeadLock.on("account-" + a)) {
      transfer = CompletableFuture.supplyAsync(() -> Api.transfer(z, a, 10));
      StreamHeadLock.awaitSessionsBlockedBy(lock.pid(), 1);
      HttpResponse<String> deposit =
          Http.postJson(Api.url("/accounts/" + z + "/deposits"), "{\"amount\":1}");
      assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
    }
    HttpResponse<String> transferred = transfer.get(1, TimeUnit.MINUTES);
    assertThat(transferred.statusCode()).as(transferred.body()).isEqualTo(200);
    assertThat(Api.json(transferred).getInt("attempts")).isGreaterThanOrEqualTo(2);

    String hotStream = "account-" + z;
    JsonObject hot = Api.json(Http.get(Api.url("/operator/hot-streams")));
    int capacity = hot.getInt("capacity");
    assertThat(hot.getJsonArray("streams").getValuesAs(JsonObject.class))
        .anySatisfy(
            s -> {
              assertThat(s.getString("streamId")).isEqualTo(hotStream);
              assertThat(s.getJsonNumber("conflicts").longValue()).isPositive();
            })
        .hasSizeLessThanOrEqualTo(capacity);

    String metrics = Http.get(Http.app() + "/metrics?scope=application").body();
    List<String> series =
        metrics.lines().filter(l -> l.startsWith("eventcore_hot_stream_conflicts{")).toList();
    assertThat(series).hasSizeBetween(1, capacity);
    assertThat(series).anySatisfy(l -> assertThat(l).contains("stream=\"" + hotStream + "\""));
    Matcher total =
        Pattern.compile("(?m)^eventcore_stream_conflicts_total(?:\\{[^}]*})? (\\S+)$")
            .matcher(metrics);
    assertThat(total.find()).as("eventcore_stream_conflicts_total in %s", metrics).isTrue();
    assertThat(Double.parseDouble(total.group(1))).isGreaterThanOrEqualTo(1);

    signInAsOperator();
    browser.get(Http.app() + "/operator-console/index.html#/metrics");
    WebElement row =
        await()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#hot-streams tr[data-stream='" + hotStream + "']")));
    assertThat(Long.parseLong(row.findElement(By.cssSelector(".conflicts")).getText()))
        .isPositive();
    assertThat(
            browser
                .findElement(By.cssSelector("#command-list tr[data-command='TransferMoney']"))
                .getText())
        .contains("TransferMoney");
    // the charts are redrawn from a second summary on: a line appears once two were read
    await()
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-rate polyline")));
    assertThat(errorShown()).isEmpty();
    screenshot("console-metrics");
  }
}
