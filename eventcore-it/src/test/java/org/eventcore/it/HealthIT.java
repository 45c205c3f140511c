package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile Health on WildFly's management port: the database readiness check (in the EAR's
 * lib/) is UP, goes DOWN when the server loses its database, and UP again when it is back.
 */
@EventCoreServerTest
@RunAsClient
class HealthIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  private static String readiness() {
    return Http.management() + "/health/ready";
  }

  @Test
  void readinessIsUpWithTheDatabaseCheck() {
    HttpResponse<String> response = Http.get(readiness());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"name\":\"eventcore-database\"")
        .contains("\"status\":\"UP\"")
        .contains("PostgreSQL");
  }

  @Test
  void readinessReportsTheFeedHorizonAndLivenessAndStartupAreUp() {
    HttpResponse<String> ready = Http.get(readiness());
    assertThat(ready.body())
        .contains("\"name\":\"eventcore-feed-horizon\"")
        .contains("oldestTransactionAgeSeconds");
    HttpResponse<String> live = Http.get(Http.management() + "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).contains("\"name\":\"eventcore-service\"");
    HttpResponse<String> started = Http.get(Http.management() + "/health/started");
    assertThat(started.statusCode()).isEqualTo(200);
    assertThat(started.body()).contains("\"name\":\"eventcore-schema\"");
  }

  @Test
  void readinessIsDownWhileTheDatabaseIsUnreachable() throws Exception {
    ServerDatabase.disconnect();
    try {
      HttpResponse<String> down = Http.awaitReadiness(503);
      assertThat(down.body())
          .contains("\"name\":\"eventcore-database\"")
          .contains("\"status\":\"DOWN\"");
    } finally {
      ServerDatabase.reconnect();
    }
    HttpResponse<String> up = Http.awaitReadiness(200);
    assertThat(up.body()).contains("\"status\":\"UP\"");
  }
}
