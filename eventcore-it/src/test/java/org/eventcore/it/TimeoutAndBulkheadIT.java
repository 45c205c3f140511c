package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * {@code @Timeout} and {@code @Bulkhead} bound commands. Every store call of a command attempt
 * takes 3 s (chaos latency), the attempt timeout is 7.5 s and one attempt may run at a time: an
 * order fulfilment (3 calls: two discovery rounds and the append, at least 9 s) is always cut, and
 * commands arriving while one runs are turned away. Neither outcome depends on the machine's speed:
 * a slower machine only makes the fulfilment longer and the running command hold its place longer.
 */
@EventCoreServerTest
@RunAsClient
class TimeoutAndBulkheadIT {

  @Deployment(testable = false)
  static EnterpriseArchive slowAndNarrow() {
    // A command attempt's store calls (its state read, each discovery round's read, the append)
    // take 3 s each: a fulfilment makes three (9 s) and a 7.5 s timeout always cuts it.
    return Deployments.builtEarWithTestKit(
        "eventcore.testing.chaos.latency-ms=3000",
        "org.eventcore.application.command.RetryingCommandRunner/run/Timeout/value=7500",
        "org.eventcore.application.command.RetryingCommandRunner/run/Bulkhead/value=1");
  }

  @Test
  void anAttemptOverItsTimeoutIsAbandonedWith503AndWritesNothing() throws Exception {
    String sku = Api.fresh("sku");
    String order = Api.fresh("order");
    // the stock and the order are written straight into the store, as another writer sharing the
    // database would: through commands they would take 6 s each here, close to the timeout
    appendDirectly(
        "inventory-" + sku, "StockRestocked", "{\"sku\":\"" + sku + "\",\"quantity\":5}");
    appendDirectly(
        "order-" + order,
        "OrderPlaced",
        "{\"orderId\":\"" + order + "\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}");

    HttpResponse<String> fulfilment =
        Http.postJson(Api.url("/orders/" + order + "/fulfilment"), "");

    assertThat(fulfilment.statusCode()).as(fulfilment.body()).isEqualTo(503);
    assertThat(fulfilment.headers().firstValue("Retry-After")).isPresent();
    assertThat(Api.json(fulfilment).getString("code")).isEqualTo("CE006");
    assertThat(streamVersion("order-" + order)).as("the order is still only placed").isEqualTo(1);
    assertThat(streamVersion("inventory-" + sku)).as("no stock left").isEqualTo(1);
    assertThat(streamVersion("shipment-" + order)).as("no shipment").isZero();
  }

  private static void appendDirectly(String stream, String type, String payload) throws Exception {
    try (Connection connection = ServerDatabase.database().connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement head =
              connection.prepareStatement(
                  "insert into eventcore.streams (stream_id, version) values (?, 1)");
          PreparedStatement event =
              connection.prepareStatement(
                  "insert into eventcore.events (event_id, stream_id, stream_version, event_type,"
                      + " payload) values (gen_random_uuid(), ?, 1, ?, ?::jsonb)")) {
        head.setString(1, stream);
        head.executeUpdate();
        event.setString(1, stream);
        event.setString(2, type);
        event.setString(3, payload);
        event.executeUpdate();
      }
      connection.commit();
    }
  }

  private static long streamVersion(String stream) throws Exception {
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select coalesce(max(stream_version), 0) from eventcore.events where stream_id = ?")) {
      query.setString(1, stream);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  @Test
  void commandsBeyondTheBulkheadAreTurnedAwayWith503() throws Exception {
    List<String> accounts = List.of(Api.fresh("b1"), Api.fresh("b2"), Api.fresh("b3"));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    for (String account : accounts) {
      calls.add(
          pool.submit(
              () -> {
                start.await();
                return Api.openAccount(account, 1);
              }));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (Future<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.get(1, TimeUnit.MINUTES);
      statuses.add(response.statusCode());
      if (response.statusCode() == 503) {
        codes.add(Api.json(response).getString("code"));
      }
    }
    pool.shutdown();

    // one command gets in (it opens its account, or — on a machine too slow to do 6 s of store
    // calls in 7.5 s — is cut by the timeout); the others arrive while it runs and are turned away
    assertThat(statuses).containsOnly(201, 503);
    assertThat(codes).contains("ES003").isSubsetOf("ES003", "CE006");
    long opened =
        accounts.stream()
            .filter(a -> Http.get(Api.url("/accounts/" + a)).statusCode() == 200)
            .count();
    assertThat(opened).isEqualTo(statuses.stream().filter(s -> s == 201).count());
  }
}
