package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys are kept for the configured retention and then removed by the background job:
 * here the built EAR with a retention of 1 s and a run every second.
 */
@EventCoreServerTest
@RunAsClient
class IdempotencyRetentionIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEarWithConfig(
        "eventcore.idempotency.retention-seconds=1",
        "eventcore.idempotency.cleanup-interval-seconds=1");
  }

  @Test
  void anExpiredKeyIsRemovedCountedInTheMetricsAndThenRunsAsANewCommand() throws Exception {
    String alice = Api.fresh("alice");
    Api.openAccount(alice, 0);
    String key = UUID.randomUUID().toString();
    String deposits = Api.url("/accounts/" + alice + "/deposits");
    HttpResponse<String> first = Http.postJson(deposits, "{\"amount\":25}", "Idempotency-Key", key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(storedKeys(key)).as("the key is stored with the command").isEqualTo(1);

    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (storedKeys(key) > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(storedKeys(key)).as("the job removed the expired key").isZero();

    // nothing else writes keys in this deployment: once every key has expired, the table is empty
    // and the gauge, counted after each run, says so
    while ((totalKeys() > 0 || metricValue("eventcore_idempotency_keys") != 0)
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(totalKeys()).isZero();
    assertThat(metricValue("eventcore_idempotency_keys")).isZero();
    assertThat(metricValue("eventcore_idempotency_keys_removed_total")).isGreaterThanOrEqualTo(1);

    HttpResponse<String> again = Http.postJson(deposits, "{\"amount\":25}", "Idempotency-Key", key);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(Api.balance(alice)).as("after its retention the key is new again").isEqualTo(50);
  }

  private static double metricValue(String name) {
    String metrics = Http.get(Http.app() + "/metrics").body();
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in the metrics:\n" + metrics));
  }

  private static long storedKeys(String key) throws Exception {
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from eventcore.command_results where idempotency_key = ?")) {
      query.setString(1, key);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static long totalKeys() throws Exception {
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement("select count(*) from eventcore.command_results");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
