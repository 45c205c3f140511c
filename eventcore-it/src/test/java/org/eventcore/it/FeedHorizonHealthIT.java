package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * A transaction left open holds back the global feed: readiness goes DOWN once it is older than the
 * configured limit (here 2 s) and UP again when it ends; the gauge shows its age.
 */
@EventCoreServerTest
@RunAsClient
class FeedHorizonHealthIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEarWithConfig("eventcore.health.feed-horizon.max-age-seconds=2");
  }

  @Test
  void aLongTransactionMakesTheServiceUnreadyUntilItEnds() throws Exception {
    try (Connection longRunning = ServerDatabase.database().connect()) {
      longRunning.setAutoCommit(false);
      try (Statement statement = longRunning.createStatement();
          ResultSet xid = statement.executeQuery("select pg_current_xact_id()")) {
        xid.next(); // the transaction now has an id: it holds the horizon
      }
      HttpResponse<String> down = Http.awaitReadiness(503);
      assertThat(down.body()).contains("\"name\":\"eventcore-feed-horizon\",\"status\":\"DOWN\"");
      assertThat(metricAge()).isGreaterThanOrEqualTo(2.0);
      longRunning.rollback();
    }
    HttpResponse<String> up = Http.awaitReadiness(200);
    assertThat(up.body()).contains("\"name\":\"eventcore-feed-horizon\",\"status\":\"UP\"");
  }

  private static double metricAge() {
    for (String line : Http.get(Http.app() + "/metrics?scope=application").body().split("\n")) {
      if (line.startsWith("eventcore_feed_horizon_age_seconds{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
