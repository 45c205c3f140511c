package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * The example read models, kept up to date by the projection runners of the deployed service (on by
 * default), and the operator's view and actions: status, rebuild with progress, resume.
 */
@EventCoreServerTest
@RunAsClient
class ProjectionsIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  private static JsonObject awaitJson(String url, Predicate<JsonObject> condition)
      throws InterruptedException {
    return awaitJson(url, condition, Duration.ofSeconds(30));
  }

  private static JsonObject awaitJson(
      String url, Predicate<JsonObject> condition, Duration patience) throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    JsonObject last = Api.json(Http.get(url));
    while (!holds(condition, last) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      last = Api.json(Http.get(url));
    }
    assertThat(holds(condition, last)).as("never reached; last: %s", last).isTrue();
    return last;
  }

  /**
   * Whether {@code condition} holds for {@code answer}; false when the answer lacks what it looks
   * at (e.g. a 503 problem document while the database is still coming back).
   */
  private static boolean holds(Predicate<JsonObject> condition, JsonObject answer) {
    try {
      return condition.test(answer);
    } catch (NullPointerException | ClassCastException missingOrOtherShape) {
      return false;
    }
  }

  @Test
  void theBalancesReadModelFollowsTheAccountsAndCanBeQueried() throws Exception {
    String owner = Api.fresh("owner");
    String rich = Api.fresh("rich");
    String poor = Api.fresh("poor");
    Http.postJson(
        Api.url("/accounts"),
        "{\"accountId\":\"" + rich + "\",\"owner\":\"" + owner + "\",\"initialBalance\":1000}");
    Http.postJson(
        Api.url("/accounts"),
        "{\"accountId\":\"" + poor + "\",\"owner\":\"" + owner + "\",\"initialBalance\":10}");
    assertThat(Api.transfer(rich, poor, 400).statusCode()).isEqualTo(200);

    JsonObject listed =
        awaitJson(
            Api.url("/accounts?owner=" + owner),
            page ->
                page.getJsonArray("accounts").stream()
                            .mapToLong(a -> a.asJsonObject().getJsonNumber("balance").longValue())
                            .sum()
                        == 1010
                    && page.getJsonArray("accounts").size() == 2
                    && page.getJsonArray("accounts").stream()
                        .allMatch(a -> a.asJsonObject().getInt("version") == 2));
    assertThat(
            listed.getJsonArray("accounts").stream()
                .map(a -> a.asJsonObject().getString("accountId")))
        .containsExactlyElementsOf(List.of(poor, rich).stream().sorted().toList());

    JsonObject filtered =
        Api.json(Http.get(Api.url("/accounts?owner=" + owner + "&minBalance=500")));
    assertThat(filtered.getJsonArray("accounts")).hasSize(1);
    assertThat(filtered.getJsonArray("accounts").getJsonObject(0).getString("accountId"))
        .isEqualTo(rich);
    assertThat(Http.get(Api.url("/accounts?size=0")).statusCode()).isEqualTo(400);
  }

  @Test
  void aQueryWithTheCursorOfACommandReadsItsOwnWrite() {
    String owner = Api.fresh("ryw");
    String from = Api.fresh("from");
    String to = Api.fresh("to");
    Http.postJson(
        Api.url("/accounts"),
        "{\"accountId\":\"" + from + "\",\"owner\":\"" + owner + "\",\"initialBalance\":50}");
    Http.postJson(
        Api.url("/accounts"),
        "{\"accountId\":\"" + to + "\",\"owner\":\"" + owner + "\",\"initialBalance\":0}");
    HttpResponse<String> transfer = Api.transfer(from, to, 20);
    String cursor = Api.json(transfer).getString("cursor");

    HttpResponse<String> response =
        Http.get(Api.url("/accounts?owner=" + owner + "&after=" + cursor));
    JsonObject page = Api.json(response);

    assertThat(
            page.getJsonArray("accounts").stream()
                .map(a -> a.asJsonObject().getJsonNumber("balance").longValue()))
        .containsExactlyInAnyOrder(30L, 20L);
    assertThat(Http.get(Api.url("/accounts?after=nonsense")).statusCode()).isEqualTo(400);
  }

  @Test
  void orderSummariesFollowPlacementAndFulfilment() throws Exception {
    String sku = Api.fresh("sku");
    String order = Api.fresh("order");
    Http.postJson(Api.url("/inventory/" + sku + "/restocks"), "{\"quantity\":9}");
    Http.postJson(
        Api.url("/orders"),
        "{\"orderId\":\"" + order + "\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":4}]}");
    awaitJson(Api.url("/orders?status=PLACED&size=500"), page -> contains(page, order));

    assertThat(Http.postJson(Api.url("/orders/" + order + "/fulfilment"), "").statusCode())
        .isEqualTo(200);

    JsonObject fulfilled =
        awaitJson(Api.url("/orders?status=FULFILLED&size=500"), page -> contains(page, order));
    JsonObject summary =
        fulfilled.getJsonArray("orders").stream()
            .map(JsonValue::asJsonObject)
            .filter(o -> o.getString("orderId").equals(order))
            .findFirst()
            .orElseThrow();
    assertThat(summary.getInt("units")).isEqualTo(4);
    assertThat(summary.getInt("itemCount")).isEqualTo(1);
  }

  private static boolean contains(JsonObject page, String order) {
    return page.getJsonArray("orders").stream()
        .anyMatch(o -> o.asJsonObject().getString("orderId").equals(order));
  }

  @Test
  void operatorsSeeEachProjectionWithItsOwnerCheckpointAndLag() throws Exception {
    Api.openAccount(Api.fresh("lag"), 5);
    JsonObject status =
        awaitJson(
            Api.url("/projections"),
            s ->
                s.getJsonArray("projections").stream()
                    .map(JsonValue::asJsonObject)
                    .allMatch(p -> p.getInt("eventsBehind") == 0));
    assertThat(
            status.getJsonArray("projections").stream()
                .map(p -> p.asJsonObject().getString("name")))
        .containsExactlyInAnyOrder("account-balances", "order-summaries");
    JsonObject balances =
        status.getJsonArray("projections").stream()
            .map(JsonValue::asJsonObject)
            .filter(p -> p.getString("name").equals("account-balances"))
            .findFirst()
            .orElseThrow();
    assertThat(balances.getString("status")).isEqualTo("RUNNING");
    assertThat(balances.getString("owner")).isEqualTo(status.getString("node"));
    assertThat(balances.getJsonNumber("eventsProcessed").longValue()).isPositive();

    String metrics = Http.get(Http.app() + "/metrics?scope=application").body();
    assertThat(metrics)
        .contains(
            "eventcore_projection_lag_events{mp_scope=\"application\",projection=\"account-balances\"")
        .contains(
            "eventcore_projection_lag_seconds{mp_scope=\"application\",projection=\"order-summaries\"");
    HttpResponse<String> ready = Http.get(Http.management() + "/health/ready");
    assertThat(ready.body()).contains("\"name\":\"eventcore-projections\",\"status\":\"UP\"");
  }

  @Test
  void aRebuildOfAHundredThousandEventsEqualsTheIncrementalBuildAndShowsItsProgress()
      throws Exception {
    String owner = Api.fresh("bulk");
    int accounts = 1_000;
    int eventsPerAccount = 100;
    appendDirectly(owner, accounts, eventsPerAccount);

    // incremental: the runner takes the new events in batches as they come
    awaitJson(
        Api.url("/projections/account-balances"),
        p -> p.getInt("eventsBehind") == 0,
        Duration.ofMinutes(3));
    Map<String, String> incremental = balancesTable();
    assertThat(incremental)
        .hasSizeGreaterThanOrEqualTo(accounts)
        // 1,000 opening balance + deposits 2 + 3 + … + 100 = 6,049, at version 100
        .containsEntry(owner + "-1", owner + " 6049 100")
        .containsEntry(owner + "-" + accounts, owner + " 6049 100");

    long logBefore = Files.size(serverLog());
    HttpResponse<String> started =
        Http.send(
            HttpRequest.newBuilder(URI.create(Api.url("/projections/account-balances/rebuild")))
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(started.statusCode()).isEqualTo(202);
    // relative (WildFly) or absolute (Payara resolves it against the request): both are valid
    assertThat(started.headers().firstValue("Location"))
        .hasValueSatisfying(
            location -> assertThat(location).endsWith("/api/v1/projections/account-balances"));
    JsonObject rebuild = Api.json(started).getJsonObject("rebuild");
    long total = rebuild.getJsonNumber("total").longValue();
    assertThat(total).isGreaterThanOrEqualTo((long) accounts * eventsPerAccount);
    assertThat(rebuild.getBoolean("finished")).isFalse();

    // progress over HTTP and in the metrics while it runs (it replays ~100,000 events, which
    // takes seconds — about 11 s at the 8,700 events/s measured on 2 cores — so polls every 50 ms
    // see it part-way unless the test JVM stood still for the whole rebuild)
    List<JsonObject> samples = new ArrayList<>();
    List<long[]> metricSamples = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    JsonObject last = rebuild;
    while (!last.getBoolean("finished") && Instant.now().isBefore(deadline)) {
      String running = Http.get(Http.app() + "/metrics?scope=application").body();
      metricSamples.add(
          new long[] {
            gauge(running, "eventcore_projection_rebuild_total", "account-balances"),
            gauge(running, "eventcore_projection_rebuild_processed", "account-balances")
          });
      last = Api.json(Http.get(Api.url("/projections/account-balances"))).getJsonObject("rebuild");
      samples.add(last);
      Thread.sleep(50);
    }
    assertThat(last.getBoolean("finished")).as("finished in time; last: %s", last).isTrue();
    assertThat(last.getJsonNumber("processed").longValue()).isGreaterThanOrEqualTo(total);
    assertThat(samples)
        .as("seen part-way, with a rate and an ETA")
        .anySatisfy(
            s -> {
              assertThat(s.getJsonNumber("processed").longValue()).isBetween(1L, total - 1);
              assertThat(s.getJsonNumber("eventsPerSecond").longValue()).isPositive();
              assertThat(s.containsKey("etaSeconds")).isTrue();
              assertThat(s.getJsonNumber("percent").doubleValue()).isBetween(0.0, 100.0);
            });
    assertThat(metricSamples)
        .as("the metrics showed the rebuild part-way")
        .anySatisfy(
            m -> {
              assertThat(m[0]).as("rebuild total").isEqualTo(total);
              assertThat(m[1]).as("rebuild processed").isBetween(1L, total - 1);
            });
    System.out.printf(
        "Rebuild of account-balances: %,d events, %,d events/s%n",
        last.getJsonNumber("processed").longValue(),
        last.getJsonNumber("eventsPerSecond").longValue());

    assertThat(balancesTable()).isEqualTo(incremental);

    // the gauges read the checkpoint at most once a second: the end shows within a scrape or two
    Instant metricsDeadline = Instant.now().plus(Duration.ofSeconds(30));
    String metrics = Http.get(Http.app() + "/metrics?scope=application").body();
    while (gauge(metrics, "eventcore_projection_rebuild_processed", "account-balances") < total
        && Instant.now().isBefore(metricsDeadline)) {
      Thread.sleep(200);
      metrics = Http.get(Http.app() + "/metrics?scope=application").body();
    }
    assertThat(gauge(metrics, "eventcore_projection_rebuild_total", "account-balances"))
        .isEqualTo(total);
    assertThat(gauge(metrics, "eventcore_projection_rebuild_processed", "account-balances"))
        .isGreaterThanOrEqualTo(total);
    String log = newLogLines(logBefore);
    assertThat(log)
        .contains("Projection account-balances rebuild started: ")
        .containsPattern("Projection account-balances rebuild: [0-9,]+ of [0-9,]+ events")
        .contains("Projection account-balances rebuild finished: ");
  }

  /**
   * {@code accounts} accounts of {@code owner}, each opened with 1,000 and then given deposits of
   * 2, 3, … {@code eventsPerAccount}: written straight into the store's tables in one transaction,
   * as another writer sharing the database would.
   */
  private static void appendDirectly(String owner, int accounts, int eventsPerAccount)
      throws Exception {
    try (Connection connection = ServerDatabase.database().connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement streams =
              connection.prepareStatement(
                  "insert into eventcore.streams (stream_id, version)"
                      + " select 'account-' || ? || '-' || a, ? from generate_series(1, ?) a");
          PreparedStatement events =
              connection.prepareStatement(
                  "insert into eventcore.events (event_id, stream_id, stream_version, event_type,"
                      + " payload) select gen_random_uuid(), 'account-' || ? || '-' || a, v,"
                      + " case when v = 1 then 'AccountOpened' else 'MoneyDeposited' end,"
                      + " case when v = 1 then jsonb_build_object('accountId', ? || '-' || a,"
                      + " 'owner', ?::text, 'initialBalance', 1000) else jsonb_build_object("
                      + "'accountId', ? || '-' || a, 'amount', v) end"
                      + " from generate_series(1, ?) a, generate_series(1, ?) v order by a, v")) {
        streams.setString(1, owner);
        streams.setLong(2, eventsPerAccount);
        streams.setInt(3, accounts);
        streams.executeUpdate();
        events.setString(1, owner);
        events.setString(2, owner);
        events.setString(3, owner);
        events.setString(4, owner);
        events.setInt(5, accounts);
        events.setInt(6, eventsPerAccount);
        assertThat(events.executeUpdate()).isEqualTo(accounts * eventsPerAccount);
      }
      connection.commit();
    }
  }

  /** The whole balances read model: account → "owner balance version". */
  private static Map<String, String> balancesTable() throws Exception {
    Map<String, String> rows = new TreeMap<>();
    try (Connection connection = ServerDatabase.database().connect();
        ResultSet result =
            connection
                .createStatement()
                .executeQuery(
                    "select account_id, owner, balance, version from examples.account_balances")) {
      while (result.next()) {
        rows.put(
            result.getString(1),
            result.getString(2) + " " + result.getLong(3) + " " + result.getLong(4));
      }
    }
    return rows;
  }

  private static long gauge(String prometheus, String name, String projection) {
    return prometheus
        .lines()
        .filter(l -> l.startsWith(name + "{") && l.contains("projection=\"" + projection + "\""))
        .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in /metrics"));
  }

  private static Path serverLog() {
    return Http.serverLog();
  }

  /**
   * What the server logged since the log had {@code from} bytes. Payara rotates its {@code
   * server.log} at 2 MB (to {@code server.log_<time>}): when the log is shorter than {@code from},
   * the rest of the newest rotated file comes first.
   */
  private static String newLogLines(long from) throws Exception {
    Path log = serverLog();
    StringBuilder lines = new StringBuilder();
    long start = from;
    if (Files.size(log) < from) {
      try (var rotated = Files.list(log.getParent())) {
        Path newest =
            rotated
                .filter(p -> p.getFileName().toString().startsWith("server.log"))
                .filter(p -> !p.equals(log))
                .max(java.util.Comparator.comparing(p -> p.toFile().lastModified()))
                .orElse(null);
        if (newest != null) {
          lines.append(readFrom(newest, from));
        }
      }
      start = 0;
    }
    return lines.append(readFrom(log, start)).toString();
  }

  private static String readFrom(Path file, long from) throws Exception {
    try (var channel = Files.newByteChannel(file)) {
      channel.position(Math.min(from, channel.size()));
      return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes());
    }
  }

  @Test
  void afterADatabaseOutageTheRunnersResumeOnTheirOwn() throws Exception {
    String owner = Api.fresh("outage");
    String before = Api.fresh("before");
    Http.postJson(
        Api.url("/accounts"),
        "{\"accountId\":\"" + before + "\",\"owner\":\"" + owner + "\",\"initialBalance\":1}");
    awaitJson(Api.url("/accounts?owner=" + owner), p -> p.getJsonArray("accounts").size() == 1);

    ServerDatabase.disconnect();
    try {
      Thread.sleep(4_000); // rounds fail and back off; the notification listener loses its line
      assertThat(Http.get(Api.url("/projections")).statusCode()).isEqualTo(503);
    } finally {
      ServerDatabase.reconnect();
    }

    String after = Api.fresh("after");
    JsonObject status =
        awaitJson(
            Api.url("/projections"), s -> s.getBoolean("notifications"), Duration.ofSeconds(60));
    assertThat(status.getBoolean("runsHere")).isTrue();
    // a pooled connection cut by the outage may still fail one request (503): the client retries
    // with the same idempotency key, so the account is opened exactly once
    String body =
        "{\"accountId\":\"" + after + "\",\"owner\":\"" + owner + "\",\"initialBalance\":2}";
    String key = "outage-" + after;
    Instant written = Instant.now();
    int opened = Http.postJson(Api.url("/accounts"), body, "Idempotency-Key", key).statusCode();
    for (int attempt = 1; opened == 503 && attempt < 10; attempt++) {
      Thread.sleep(500);
      opened = Http.postJson(Api.url("/accounts"), body, "Idempotency-Key", key).statusCode();
    }
    assertThat(opened).isEqualTo(201);
    awaitJson(
        Api.url("/accounts?owner=" + owner),
        p -> p.getJsonArray("accounts").size() == 2,
        Duration.ofSeconds(60));
    System.out.printf(
        "After the outage a new account was projected in %d ms%n",
        Duration.between(written, Instant.now()).toMillis());
  }

  @Test
  void anUnknownProjectionIsNotFound() {
    assertThat(Http.get(Api.url("/projections/nope")).statusCode()).isEqualTo(404);
    HttpResponse<String> rebuild =
        Http.send(
            HttpRequest.newBuilder(URI.create(Api.url("/projections/nope/rebuild")))
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(rebuild.statusCode()).isEqualTo(404);
    assertThat(rebuild.headers().firstValue("Content-Type")).contains("application/problem+json");
  }
}
