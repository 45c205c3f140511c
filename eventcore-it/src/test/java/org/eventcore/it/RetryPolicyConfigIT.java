package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * The retry policy is MicroProfile Config: with every append refused as a conflict and {@code
 * maxRetries} lowered to 2, a command makes exactly 3 attempts, then fails with CE003 (409) naming
 * the stream, writes nothing, and counts as conflict-exhausted.
 */
@EventCoreServerTest
@RunAsClient
class RetryPolicyConfigIT {

  @Deployment(testable = false)
  static EnterpriseArchive alwaysConflicting() {
    return Deployments.builtEarWithTestKit(
        "eventcore.testing.chaos.conflict-probability=1.0",
        "org.eventcore.application.command.RetryingCommandRunner/run/Retry/maxRetries=2",
        "org.eventcore.application.command.RetryingCommandRunner/run/Retry/delay=0",
        "org.eventcore.application.command.RetryingCommandRunner/run/Retry/jitter=0");
  }

  @Test
  void aConfiguredRetryLimitIsHonouredAndTheConflictIsReportedAfterIt() {
    String account = "retry-" + UUID.randomUUID().toString().substring(0, 8);
    double exhausted =
        BankingApiIT.metric(
            "eventcore_command_outcomes_total", "OpenAccount", "conflict-exhausted");

    HttpResponse<String> response = Api.openAccount(account, 10);

    assertThat(response.statusCode()).isEqualTo(409);
    JsonObject problem = Api.json(response);
    assertThat(problem.getString("code")).isEqualTo("CE003");
    assertThat(problem.getInt("attempts")).isEqualTo(3);
    assertThat(problem.getJsonArray("streams").getJsonObject(0).getString("streamId"))
        .isEqualTo("account-" + account);
    assertThat(Http.get(Api.url("/accounts/" + account)).statusCode()).isEqualTo(404);
    assertThat(
            BankingApiIT.metric(
                "eventcore_command_outcomes_total", "OpenAccount", "conflict-exhausted"))
        .isEqualTo(exhausted + 1);
  }
}
