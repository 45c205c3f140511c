package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/** The banking example through the real executor in WildFly, over HTTP. */
@EventCoreServerTest
@RunAsClient
class BankingApiIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void accountsOpenTakeDepositsWithdrawalsAndTransfers() {
    String alice = Api.fresh("alice");
    String bob = Api.fresh("bob");

    HttpResponse<String> opened = Api.openAccount(alice, 1000);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    assertThat(opened.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/accounts/" + alice));
    assertThat(Api.openAccount(bob, 0).statusCode()).isEqualTo(201);
    assertThat(
            Http.postJson(Api.url("/accounts/" + alice + "/deposits"), "{\"amount\":500}")
                .statusCode())
        .isEqualTo(200);
    assertThat(Api.withdraw(alice, 200).statusCode()).isEqualTo(200);

    HttpResponse<String> transfer =
        Http.postJson(
            Api.url("/transfers"),
            "{\"from\":\"" + alice + "\",\"to\":\"" + bob + "\",\"amount\":300}",
            "X-Correlation-Id",
            "corr-" + alice);
    assertThat(transfer.statusCode()).as(transfer.body()).isEqualTo(200);
    assertThat(transfer.headers().firstValue("X-Correlation-Id")).contains("corr-" + alice);
    JsonObject credited =
        Api.json(Http.get(Api.url("/streams/account-" + bob + "?direction=backward&limit=1")))
            .getJsonArray("events")
            .getJsonObject(0);
    assertThat(credited.getString("type")).isEqualTo("TransferCredited");
    assertThat(credited.getJsonObject("metadata").getString("correlationId"))
        .isEqualTo("corr-" + alice);
    assertThat(credited.getJsonObject("metadata").getString("command")).isEqualTo("TransferMoney");
    assertThat(
            Http.postJson(Api.url("/accounts/" + alice + "/deposits"), "{\"amount\":1}")
                .headers()
                .firstValue("X-Correlation-Id"))
        .as("generated when absent")
        .isPresent();
    Api.withdraw(alice, 1);
    JsonObject result = Api.json(transfer);
    assertThat(result.getString("command")).isEqualTo("TransferMoney");
    assertThat(result.getJsonArray("events")).hasSize(2);

    JsonObject account = Api.json(Http.get(Api.url("/accounts/" + alice)));
    assertThat(account.getString("owner")).isEqualTo("Owner of " + alice);
    assertThat(account.getJsonNumber("balance").longValue()).isEqualTo(1000);
    assertThat(account.getJsonNumber("version").longValue())
        .as("6 events: opened, +500, -200, -300, +1, -1")
        .isEqualTo(6);
    assertThat(Api.balance(bob)).isEqualTo(300);
  }

  @Test
  void insufficientFundsAreUnprocessableAndChangeNothing() {
    String alice = Api.fresh("alice");
    Api.openAccount(alice, 100);

    HttpResponse<String> refused = Api.withdraw(alice, 101);

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(Api.json(refused).getString("code")).isEqualTo("CE002");
    assertThat(Api.json(refused).getString("detail")).contains("Insufficient funds");
    assertThat(Api.balance(alice)).isEqualTo(100);
  }

  @Test
  void unknownAccountsAreNotFound() {
    HttpResponse<String> response = Http.get(Api.url("/accounts/" + Api.fresh("nobody")));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Api.json(response).getString("code")).isEqualTo("CE004");
    assertThat(Api.transfer(Api.fresh("nobody"), Api.fresh("nobody2"), 5).statusCode())
        .isEqualTo(422);
  }

  @Test
  void malformedRequestsAreBadRequestsNamingTheField() {
    String alice = Api.fresh("alice");
    Api.openAccount(alice, 100);
    String deposits = Api.url("/accounts/" + alice + "/deposits");

    assertBadRequest(Http.postJson(deposits, "{}"), "amount", "amount is required");
    assertBadRequest(
        Http.postJson(deposits, "{\"amount\":\"ten\"}"), "amount", "must be a whole number");
    assertBadRequest(
        Http.postJson(deposits, "{\"amount\":1.5}"), "amount", "must be a whole number");
    assertBadRequest(
        Http.postJson(deposits, "{\"amount\":5,\"note\":\"x\"}"), "note", "Unknown field note");
    assertThat(Http.postJson(deposits, "{\"amount\":").statusCode()).isEqualTo(400);
    assertThat(Http.postJson(deposits, "{\"amount\":-5}").statusCode()).isEqualTo(400);
    assertThat(Api.balance(alice)).isEqualTo(100);
  }

  private static void assertBadRequest(HttpResponse<String> response, String field, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonObject problem = Api.json(response);
    assertThat(problem.getString("code")).isEqualTo("CE001");
    assertThat(problem.getString("field")).isEqualTo(field);
    assertThat(problem.getString("detail")).contains(detail);
  }

  @Test
  void commandMetricsArePublishedPerCommandTypeAndOutcome() {
    String alice = Api.fresh("alice");
    String bob = Api.fresh("bob");
    Api.openAccount(alice, 100);
    Api.openAccount(bob, 0);
    double successes = metric("eventcore_command_outcomes_total", "TransferMoney", "success");
    double rejections = metric("eventcore_command_outcomes_total", "Withdraw", "rejected");
    double events = metric("eventcore_command_events_total", "TransferMoney", null);

    assertThat(Api.transfer(alice, bob, 10).statusCode()).isEqualTo(200);
    assertThat(Api.withdraw(alice, 1_000_000).statusCode()).isEqualTo(422);

    assertThat(metric("eventcore_command_outcomes_total", "TransferMoney", "success"))
        .isEqualTo(successes + 1);
    assertThat(metric("eventcore_command_outcomes_total", "Withdraw", "rejected"))
        .isEqualTo(rejections + 1);
    assertThat(metric("eventcore_command_events_total", "TransferMoney", null))
        .isEqualTo(events + 2);
    String text = Http.get(Http.app() + "/metrics?scope=application").body();
    assertThat(text)
        .contains("eventcore_command_duration_seconds_count{command=\"TransferMoney\"")
        .contains("eventcore_command_attempts_count{command=\"TransferMoney\"");
  }

  /** The value of a Prometheus series with these labels, or 0 when it does not exist yet. */
  static double metric(String name, String command, String outcome) {
    String text = Http.get(Http.app() + "/metrics?scope=application").body();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{")
          && line.contains("command=\"" + command + "\"")
          && (outcome == null || line.contains("outcome=\"" + outcome + "\""))) {
        Matcher value = Pattern.compile("}\\s+(\\S+)$").matcher(line);
        if (value.find()) {
          return Double.parseDouble(value.group(1));
        }
      }
    }
    return 0;
  }

  @Test
  void aRepeatedIdempotencyKeyReturnsTheOriginalResultAndWritesOnce() {
    String alice = Api.fresh("alice");
    Api.openAccount(alice, 0);
    String key = UUID.randomUUID().toString();
    String deposits = Api.url("/accounts/" + alice + "/deposits");

    HttpResponse<String> first = Http.postJson(deposits, "{\"amount\":25}", "Idempotency-Key", key);
    HttpResponse<String> again = Http.postJson(deposits, "{\"amount\":25}", "Idempotency-Key", key);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(Api.balance(alice)).isEqualTo(25);
  }

  /**
   * The IETF Idempotency-Key draft: a key sent again with another request is refused with 422 —
   * here another amount, another account in the path and another command type — and nothing is
   * written; the original request still replays.
   */
  @Test
  void aKeyReusedForADifferentRequestIsUnprocessableAndChangesNothing() throws Exception {
    String alice = Api.fresh("alice");
    String bob = Api.fresh("bob");
    Api.openAccount(alice, 0);
    Api.openAccount(bob, 0);
    String key = UUID.randomUUID().toString();
    String aliceDeposits = Api.url("/accounts/" + alice + "/deposits");
    assertThat(Http.postJson(aliceDeposits, "{\"amount\":25}", "Idempotency-Key", key).statusCode())
        .isEqualTo(200);

    HttpResponse<String> otherAmount =
        Http.postJson(aliceDeposits, "{\"amount\":26}", "Idempotency-Key", key);
    HttpResponse<String> otherAccount =
        Http.postJson(
            Api.url("/accounts/" + bob + "/deposits"), "{\"amount\":25}", "Idempotency-Key", key);
    HttpResponse<String> otherCommand =
        Http.postJson(
            Api.url("/accounts/" + alice + "/withdrawals"),
            "{\"amount\":25}",
            "Idempotency-Key",
            key);

    for (HttpResponse<String> refused : List.of(otherAmount, otherAccount, otherCommand)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(Api.json(refused).getString("code")).isEqualTo("CE009");
      assertThat(Api.json(refused).getString("detail")).contains(key);
    }
    assertThat(Api.balance(alice)).isEqualTo(25);
    assertThat(Api.balance(bob)).isZero();
    assertThat(depositEventsOf(alice)).isEqualTo(1);
    assertThat(depositEventsOf(bob)).isZero();

    // the same request, spelled differently, is still a repetition
    HttpResponse<String> same =
        Http.postJson(aliceDeposits, "{ \"amount\" : 25 }", "Idempotency-Key", key);
    assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    assertThat(same.headers().firstValue("Idempotent-Replayed")).contains("true");
  }

  /**
   * The client hangs up and sends the request again while the first one is still running: the retry
   * meets a claimed but unfinished key, waits for the first request's outcome and answers it, and
   * the deposit is made once. The first request is held mid-command by a lock the test takes on the
   * account's stream head, so the overlap is certain, not a matter of timing.
   */
  @Test
  void aRetryOfARequestWhoseAnswerWasLostWaitsForItAndIsNotRunAgain() throws Exception {
    String alice = Api.fresh("alice");
    Api.openAccount(alice, 0);
    String key = UUID.randomUUID().toString();
    String body = "{\"amount\":40}";

    CompletableFuture<HttpResponse<String>> retried;
    try (StreamHeadLock lock = StreamHeadLock.on("account-" + alice)) {
      // send the request and hang up without reading the answer
      try (Socket socket = new Socket("localhost", 8080 + Http.offset());
          OutputStream out = socket.getOutputStream()) {
        String request =
            "POST /api/v1/accounts/"
                + alice
                + "/deposits HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer "
                + Tokens.defaultToken()
                + "\r\nIdempotency-Key: "
                + key
                + "\r\n"
                + "Content-Length: "
                + body.length()
                + "\r\nConnection: close\r\n\r\n"
                + body;
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      int firstPid = StreamHeadLock.awaitSessionsBlockedBy(lock.pid(), 1).get(0);
      assertThat(Api.balance(alice)).as("the first request has not committed").isZero();

      retried =
          CompletableFuture.supplyAsync(
              () ->
                  Http.postJson(
                      Api.url("/accounts/" + alice + "/deposits"), body, "Idempotency-Key", key));
      // the retry waits on the first request's claim of the key
      StreamHeadLock.awaitSessionsBlockedBy(firstPid, 1);
    }

    HttpResponse<String> answer = retried.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(Api.balance(alice)).isEqualTo(40);
    assertThat(depositEventsOf(alice)).isEqualTo(1);
  }

  @Test
  void concurrentRequestsWithTheSameKeyWriteOnceAndAllGetTheSameResult() {
    String alice = Api.fresh("alice");
    Api.openAccount(alice, 0);
    String key = UUID.randomUUID().toString();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(
          CompletableFuture.supplyAsync(
              () ->
                  Http.postJson(
                      Api.url("/accounts/" + alice + "/deposits"),
                      "{\"amount\":7}",
                      "Idempotency-Key",
                      key)));
    }
    List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
    assertThat(responses.stream().map(r -> Api.json(r).getJsonArray("events")).distinct())
        .hasSize(1);
    assertThat(Api.balance(alice)).isEqualTo(7);
  }

  private static int depositEventsOf(String account) throws Exception {
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from eventcore.events where stream_id = ? and event_type = 'MoneyDeposited'")) {
      query.setString(1, "account-" + account);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
