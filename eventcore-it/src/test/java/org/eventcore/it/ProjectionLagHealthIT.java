package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * A projection further behind the feed than the configured limit (here 2 s) makes the service
 * unready, and ready again once it has caught up. The projection is held back the way a stuck
 * server would hold it: another node owns its lease.
 */
@EventCoreServerTest
@RunAsClient
class ProjectionLagHealthIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEarWithConfig("eventcore.health.projection-lag.max-seconds=2");
  }

  @Test
  void aProjectionBehindTheLimitMakesTheServiceUnreadyUntilItCatchesUp() throws Exception {
    Http.awaitReadiness(200);
    setOwner("a-stuck-node", "now() + interval '1 hour'");
    try {
      assertThat(Api.openAccount(Api.fresh("lagging"), 3).statusCode()).isEqualTo(201);

      HttpResponse<String> down = Http.awaitReadiness(503);
      assertThat(down.body())
          .contains("\"name\":\"eventcore-projections\",\"status\":\"DOWN\"")
          .containsPattern("\"account-balances\":\"[1-9][0-9]* events / [0-9]+ s behind\"");
      String status = Http.get(Api.url("/projections/account-balances")).body();
      assertThat(status).contains("\"owner\":\"a-stuck-node\"");
    } finally {
      setOwner(null, "null");
    }
    HttpResponse<String> up = Http.awaitReadiness(200);
    assertThat(up.body())
        .contains("\"name\":\"eventcore-projections\",\"status\":\"UP\"")
        .contains("\"account-balances\":\"0 events / 0 s behind\"");
  }

  private static void setOwner(String owner, String expiresSql) throws Exception {
    try (Connection connection = ServerDatabase.database().connect()) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "insert into eventcore.projection_checkpoints (projection) values"
                  + " ('account-balances') on conflict do nothing")) {
        insert.executeUpdate();
      }
      try (PreparedStatement update =
          connection.prepareStatement(
              "update eventcore.projection_checkpoints set owner = ?, lease_expires_at = "
                  + expiresSql
                  + " where projection = 'account-balances'")) {
        update.setString(1, owner);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
    }
  }
}
