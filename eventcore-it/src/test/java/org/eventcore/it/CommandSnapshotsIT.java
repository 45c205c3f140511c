package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Command state snapshots in the deployed server (ADR 0005): written in the background on the
 * managed executor in a transaction of their own, and read back when the in-memory cache does not
 * have the state (here it is switched off, so every command starts from the snapshot). The
 * decisions taken from snapshot-based states must be the ones a full fold gives.
 */
@EventCoreServerTest
@RunAsClient
class CommandSnapshotsIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEarWithConfig(
        "eventcore.command.snapshots.every-events=3",
        "eventcore.command.state-cache.max-entries=0");
  }

  @Test
  void snapshotsAreWrittenAndCommandsDecideCorrectlyFromThem() throws Exception {
    String account = Api.fresh("snap");
    assertThat(Api.openAccount(account, 100).statusCode()).isEqualTo(201);
    for (int i = 0; i < 6; i++) {
      assertThat(
              Http.postJson(Api.url("/accounts/" + account + "/deposits"), "{\"amount\":10}")
                  .statusCode())
          .isEqualTo(200);
    }

    long events = awaitSnapshotOf("account-" + account);
    assertThat(events).as("a snapshot covers at least 3 events").isGreaterThanOrEqualTo(3);

    // 100 + 6 × 10 = 160: exactly that much may be withdrawn, not a unit more
    assertThat(Api.withdraw(account, 161).statusCode()).isEqualTo(422);
    assertThat(Api.withdraw(account, 160).statusCode()).isEqualTo(200);
    assertThat(Api.withdraw(account, 1).statusCode()).isEqualTo(422);

    String metrics = Http.get(Http.app() + "/metrics?scope=application").body();
    assertThat(metrics)
        .containsPattern("eventcore_command_snapshots_total\\{[^}]*outcome=\"written\"[^}]*} [1-9]")
        .containsPattern("eventcore_command_snapshots_total\\{[^}]*outcome=\"loaded\"[^}]*} [1-9]");
  }

  /** The events covered by the newest snapshot of {@code stream}'s account state. */
  private static long awaitSnapshotOf(String stream) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try (Connection connection = ServerDatabase.database().connect();
          PreparedStatement query =
              connection.prepareStatement(
                  "select events from eventcore.command_state_snapshots"
                      + " where fold_name = 'banking.account' and stream_ids = array[?]::text[]")) {
        query.setString(1, stream);
        try (ResultSet row = query.executeQuery()) {
          if (row.next()) {
            return row.getLong(1);
          }
        }
      }
      assertThat(Instant.now()).as("no snapshot of %s was written", stream).isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
