package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The example read models, kept up to date by the projection runners of the deployed service. */
@EventCoreServerTest
@RunAsClient
@Disabled(
    "issue 6: in clean-clone CI runs the projection runners stop making progress after many"
        + " redeployments (passes locally); hosting is off by default until that is fixed")
class ProjectionsIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEarWithConfig("eventcore.projection.enabled=true");
  }

  private static JsonObject awaitJson(String url, Predicate<JsonObject> condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    JsonObject last = Api.json(Http.get(url));
    while (!condition.test(last) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      last = Api.json(Http.get(url));
    }
    assertThat(condition).as("never reached; last: %s", last).accepts(last);
    return last;
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
}
