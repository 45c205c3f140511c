package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, point 3: a commit whose outcome is unknown — the connection between the server and
 * PostgreSQL breaks exactly at the COMMIT of a two-stream transfer — is answered with the truth,
 * which the executor finds out from the database afterwards: 200 with the stored events when the
 * database committed, a retryable 503 (ES007) saying the transfer did not happen when it did not.
 * Never a 500, never a half-written transfer. The proxy between the server and the database breaks
 * the connection that carries the test's correlation id when it next sends COMMIT, on the chosen
 * side of the database's commit, so both outcomes are forced deterministically.
 */
@EventCoreServerTest
@RunAsClient
class AmbiguousCommitIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void aCommitTheDatabaseNeverSawIsAnsweredAsNotHappenedAndCanBeSentAgain() throws Exception {
    String alice = Api.fresh("ambiguous-a");
    String bob = Api.fresh("ambiguous-b");
    assertThat(Api.openAccount(alice, 1000).statusCode()).isEqualTo(201);
    assertThat(Api.openAccount(bob, 0).statusCode()).isEqualTo(201);
    String correlation = "lost-commit-" + UUID.randomUUID();
    CompletableFuture<Void> broken =
        ServerDatabase.breakAtCommit(correlation, TcpProxy.AtCommit.BEFORE_THE_DATABASE_SEES_IT);

    HttpResponse<String> answer = transfer(alice, bob, 300, correlation);

    assertThat(broken).as("the connection broke at the commit").isDone();
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(Api.json(answer).getString("code")).isEqualTo("ES007");
    assertThat(Api.json(answer).getString("detail")).contains("did not happen");
    assertThat(storedEventIds(correlation)).as("nothing of the transfer is stored").isEmpty();
    assertThat(version("account-" + alice)).isEqualTo(1);
    assertThat(version("account-" + bob)).isEqualTo(1);

    HttpResponse<String> again = transfer(alice, bob, 300, correlation);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(storedEventIds(correlation)).hasSize(2);
    assertThat(Api.balance(alice)).isEqualTo(700);
    assertThat(Api.balance(bob)).isEqualTo(300);
  }

  @Test
  void aCommitWhoseAnswerWasLostIsAnsweredWithTheEventsTheDatabaseStored() throws Exception {
    String alice = Api.fresh("ambiguous-a");
    String bob = Api.fresh("ambiguous-b");
    assertThat(Api.openAccount(alice, 1000).statusCode()).isEqualTo(201);
    assertThat(Api.openAccount(bob, 0).statusCode()).isEqualTo(201);
    String correlation = "lost-answer-" + UUID.randomUUID();
    CompletableFuture<Void> broken =
        ServerDatabase.breakAtCommit(correlation, TcpProxy.AtCommit.AFTER_THE_DATABASE_COMMITTED);

    HttpResponse<String> answer = transfer(alice, bob, 300, correlation);

    broken.get(30, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<String> answered = new ArrayList<>();
    for (JsonValue event : Api.json(answer).getJsonArray("events")) {
      answered.add(((JsonObject) event).getString("eventId"));
    }
    assertThat(answered).hasSize(2);
    assertThat(storedEventIds(correlation))
        .as("the answer names exactly the events the database stored")
        .containsExactlyInAnyOrderElementsOf(answered);
    assertThat(version("account-" + alice)).isEqualTo(2);
    assertThat(version("account-" + bob)).isEqualTo(2);
    assertThat(Api.balance(alice)).isEqualTo(700);
    assertThat(Api.balance(bob)).isEqualTo(300);
  }

  private static HttpResponse<String> transfer(
      String from, String to, long amount, String correlation) {
    return Http.postJson(
        Api.url("/transfers"),
        "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}",
        "X-Correlation-Id",
        correlation);
  }

  private static List<String> storedEventIds(String correlation) throws Exception {
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select event_id::text from eventcore.events"
                    + " where metadata->>'correlationId' = ?")) {
      query.setString(1, correlation);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  private static long version(String stream) throws Exception {
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select version from eventcore.streams where stream_id = ?")) {
      query.setString(1, stream);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    }
  }
}
