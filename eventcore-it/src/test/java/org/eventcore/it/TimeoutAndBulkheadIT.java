package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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
 * takes 1 s (chaos latency), the attempt timeout is 2.5 s and one attempt may run at a time: a
 * deposit (2 store calls) fits, an order fulfilment (3 calls: two discovery rounds and the append)
 * does not, and a second concurrent command is turned away.
 */
@EventCoreServerTest
@RunAsClient
class TimeoutAndBulkheadIT {

  @Deployment(testable = false)
  static EnterpriseArchive slowAndNarrow() {
    // A command attempt's store calls (its state read, each discovery round's read, the append)
    // take 3 s each. Restocking and placing an order make two calls (6 s), fulfilment three (9 s):
    // a 7.5 s timeout leaves 1.5 s for everything else in the first, and always cuts the third.
    return Deployments.builtEarWithTestKit(
        "eventcore.testing.chaos.latency-ms=3000",
        "org.eventcore.application.command.RetryingCommandRunner/run/Timeout/value=7500",
        "org.eventcore.application.command.RetryingCommandRunner/run/Bulkhead/value=1");
  }

  @Test
  void anAttemptOverItsTimeoutIsAbandonedWith503AndWritesNothing() {
    String sku = Api.fresh("sku");
    String order = Api.fresh("order");
    assertThat(
            Http.postJson(Api.url("/inventory/" + sku + "/restocks"), "{\"quantity\":5}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            Http.postJson(
                    Api.url("/orders"),
                    "{\"orderId\":\""
                        + order
                        + "\",\"items\":[{\"sku\":\""
                        + sku
                        + "\",\"quantity\":1}]}")
                .statusCode())
        .isEqualTo(201);

    HttpResponse<String> fulfilment =
        Http.postJson(Api.url("/orders/" + order + "/fulfilment"), "");

    assertThat(fulfilment.statusCode()).as(fulfilment.body()).isEqualTo(503);
    assertThat(fulfilment.headers().firstValue("Retry-After")).isPresent();
    assertThat(Api.json(fulfilment).getString("code")).isEqualTo("CE006");
    assertThat(Api.json(Http.get(Api.url("/orders/" + order))).getString("status"))
        .isEqualTo("PLACED");
    assertThat(Api.json(Http.get(Api.url("/inventory/" + sku))).getInt("onHand")).isEqualTo(5);
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
    for (Future<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.get(1, TimeUnit.MINUTES);
      statuses.add(response.statusCode());
      if (response.statusCode() == 503) {
        assertThat(Api.json(response).getString("code")).isEqualTo("ES003");
      }
    }
    pool.shutdown();

    assertThat(statuses).contains(201).contains(503);
    long opened =
        accounts.stream()
            .filter(a -> Http.get(Api.url("/accounts/" + a)).statusCode() == 200)
            .count();
    assertThat(opened).isEqualTo(statuses.stream().filter(s -> s == 201).count());
  }
}
