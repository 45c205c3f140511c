package com.example.stock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built stock.ear on WildFly, over HTTP: a receipt, a move between two warehouses (one atomic
 * command over two streams), the levels read from the projection's read model, and a move of more
 * than is on hand answered 422.
 */
@ExtendWith(StockTokens.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StockIT {

  /** A clerk who receives and moves stock and reads the levels. */
  private static final String CLERK = StockTokens.TOKENS.token("clerk", "commander", "reader");

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern CURSOR = Pattern.compile("\"cursor\":\"([^\"]+)\"");

  private final URI api =
      URI.create(
          "http://localhost:" + (8080 + Integer.getInteger("wildfly.port.offset", 0)) + "/api/");

  // unique names: the test can run again on the same database
  private final String north = "north-" + UUID.randomUUID();
  private final String south = "south-" + UUID.randomUUID();

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return ShrinkWrap.createFromZipFile(
        EnterpriseArchive.class, new File(System.getProperty("stock.ear")));
  }

  @Test
  void movesStockBetweenWarehousesAndKeepsTheLevelsReadModelUpToDate() throws Exception {
    HttpResponse<String> received =
        post("stock/receipts", "{\"warehouse\":\"" + north + "\",\"quantity\":50}");
    assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
    assertThat(received.body()).contains("\"command\":\"ReceiveStock\"").contains("\"events\":1");

    HttpResponse<String> moved =
        post(
            "stock/moves", "{\"from\":\"" + north + "\",\"to\":\"" + south + "\",\"quantity\":30}");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    assertThat(moved.body()).contains("\"command\":\"MoveStock\"").contains("\"events\":2");

    // read-your-writes: with the move's cursor, the read waits until the projection has applied it
    String cursor = cursor(moved);
    assertThat(get("stock/warehouses/" + north + "?after=" + cursor).body())
        .contains("\"onHand\":20");
    assertThat(get("stock/warehouses/" + south + "?after=" + cursor).body())
        .contains("\"onHand\":30");
  }

  @Test
  void aMoveOfMoreThanIsOnHandIsRejectedWith422AndChangesNothing() throws Exception {
    HttpResponse<String> received =
        post("stock/receipts", "{\"warehouse\":\"" + north + "\",\"quantity\":10}");
    assertThat(received.statusCode()).as(received.body()).isEqualTo(200);

    HttpResponse<String> refused =
        post(
            "stock/moves", "{\"from\":\"" + north + "\",\"to\":\"" + south + "\",\"quantity\":11}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(refused.body()).contains("Only 10 on hand in warehouse-" + north);

    assertThat(get("stock/warehouses/" + north + "?after=" + cursor(received)).body())
        .contains("\"onHand\":10");
    assertThat(get("stock/warehouses/" + south).statusCode()).isEqualTo(404);
  }

  @Test
  void withoutAValidTokenNothingIsDone() throws Exception {
    HttpResponse<String> anonymous =
        HTTP.send(
            HttpRequest.newBuilder(api.resolve("stock/receipts"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"warehouse\":\"" + north + "\",\"quantity\":5}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> readerOnly =
        HTTP.send(
            HttpRequest.newBuilder(api.resolve("stock/receipts"))
                .header("Authorization", "Bearer " + StockTokens.TOKENS.token("auditor", "reader"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"warehouse\":\"" + north + "\",\"quantity\":5}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(readerOnly.statusCode()).isEqualTo(403);
    assertThat(get("stock/warehouses/" + north).statusCode()).isEqualTo(404);
  }

  private static String cursor(HttpResponse<String> commandAnswer) {
    Matcher cursor = CURSOR.matcher(commandAnswer.body());
    assertThat(cursor.find()).as(commandAnswer.body()).isTrue();
    return cursor.group(1);
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(api.resolve(path))
            .header("Authorization", "Bearer " + CLERK)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + CLERK)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isIn(200, 404);
    return response;
  }
}
