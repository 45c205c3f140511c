package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * The book's chaos target (F-091) on the real executor: with the chaos store injecting 10 %
 * failures, 20 % version conflicts and 5 ms latency into every attempt, at least 95 of 100
 * concurrent commands succeed, and what succeeded is exactly what was written.
 *
 * <p><b>Why this cannot fail by chance.</b> Each deposit goes to an account of its own, so the only
 * conflicts are the injected ones. An attempt fails when its state read fails (0.1) or its append
 * fails (0.9 × 0.1) or is refused (0.9 × 0.9 × 0.2): p = 0.352. A command fails only when all six
 * attempts of the default retry policy do: p⁶ ≈ 0.0019, so about 0.2 of 100 are expected to fail,
 * and six or more fail with a probability below 10⁻⁷. (Earlier, ten deposits raced on each of ten
 * accounts: real conflicts added to the injected ones, and 94 of 100 was seen once — issue 15.)
 */
@EventCoreServerTest
@RunAsClient
class ChaosIT {

  /** The built EAR with the chaos store switched on. */
  @Deployment(testable = false)
  static EnterpriseArchive chaoticEar() {
    return Deployments.builtEarWithTestKit(
        "eventcore.testing.chaos.failure-probability=0.1",
        "eventcore.testing.chaos.conflict-probability=0.2",
        "eventcore.testing.chaos.latency-ms=5");
  }

  @Test
  void atLeast95Of100ConcurrentCommandsSucceedUnderChaos() throws Exception {
    List<String> accounts = new ArrayList<>();
    // opening is a command under chaos too, failing with p ≈ 0.0019 (see above): open until 100
    for (int tries = 0; tries < 200 && accounts.size() < 100; tries++) {
      String id = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
      HttpResponse<String> opened = Api.openAccount(id, 0);
      if (opened.statusCode() == 201) {
        accounts.add(id);
      }
    }
    assertThat(accounts).hasSize(100);

    double retriedBefore =
        BankingApiIT.metric("eventcore_command_outcomes_total", "Deposit", "conflict-retried");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<int[]>> deposits = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int accountIndex = i; // one deposit per account
      int amount = 1 + i;
      deposits.add(
          pool.submit(
              () -> {
                start.await();
                HttpResponse<String> response =
                    Http.postJson(
                        Api.url("/accounts/" + accounts.get(accountIndex) + "/deposits"),
                        "{\"amount\":" + amount + "}");
                return new int[] {response.statusCode(), accountIndex, amount};
              }));
    }
    start.countDown();
    int succeeded = 0;
    Map<Integer, Long> expected = new HashMap<>();
    for (Future<int[]> deposit : deposits) {
      int[] outcome = deposit.get(3, TimeUnit.MINUTES);
      assertThat(outcome[0]).as("only successes or clean refusals").isIn(200, 409, 503);
      if (outcome[0] == 200) {
        succeeded++;
        expected.merge(outcome[1], (long) outcome[2], Long::sum);
      }
    }
    pool.shutdown();
    System.out.printf("chaos: %d of 100 concurrent commands succeeded%n", succeeded);

    assertThat(succeeded).isGreaterThanOrEqualTo(95);
    assertThat(
            BankingApiIT.metric("eventcore_command_outcomes_total", "Deposit", "conflict-retried"))
        .as("injected conflicts were retried")
        .isGreaterThan(retriedBefore);
    for (int i = 0; i < accounts.size(); i++) {
      assertThat(balanceDespiteChaos(accounts.get(i))).isEqualTo(expected.getOrDefault(i, 0L));
    }
  }

  /** Reads go through the (non-chaotic) query path; only command attempts are chaotic. */
  private static long balanceDespiteChaos(String account) {
    return Api.balance(account);
  }
}
