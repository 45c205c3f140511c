package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * The stream endpoints on the deployed EAR: a JPA write and read, each in a JTA transaction, over
 * real HTTP, checked against the database itself; and the streams of the example command models
 * ({@code account-}, {@code order-}, {@code inventory-}, {@code shipment-}, reserved by the
 * service's configuration), which the raw API reads but does not write (issue 12).
 */
@EventCoreServerTest
@RunAsClient
class StreamApiIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  private static String streamsUrl(String streamId) {
    return Http.app() + "/api/v1/streams/" + streamId;
  }

  @Test
  void appendedEventsAreCommittedAndReadBack() throws Exception {
    String stream = "notes-" + UUID.randomUUID();
    HttpResponse<String> created =
        Http.postJson(
            streamsUrl(stream) + "/events",
            "[{\"type\":\"AccountOpened\",\"data\":{\"owner\":\"Alice\"}},"
                + "{\"type\":\"MoneyDeposited\",\"data\":{\"amount\":100},\"metadata\":{\"channel\":\"web\"}}]",
            "If-None-Match",
            "*",
            "X-Correlation-Id",
            "corr-" + stream);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("ETag")).contains("\"2\"");
    assertThat(created.headers().firstValue("X-Correlation-Id")).contains("corr-" + stream);
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/streams/" + stream));

    // committed: visible to another connection, straight from PostgreSQL
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select stream_version, event_type, payload->>'owner', metadata->>'correlationId',"
                    + " metadata->>'userId'"
                    + " from eventcore.events where stream_id = ? order by stream_version")) {
      query.setString(1, stream);
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(1);
        assertThat(rows.getString(2)).isEqualTo("AccountOpened");
        assertThat(rows.getString(3)).isEqualTo("Alice");
        assertThat(rows.getString(4)).isEqualTo("corr-" + stream);
        // the user id is the authenticated caller, written by the server (issue 14)
        assertThat(rows.getString(5)).isEqualTo(Tokens.DEFAULT_SUBJECT);
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(2);
        assertThat(rows.getString(5)).isEqualTo(Tokens.DEFAULT_SUBJECT);
        assertThat(rows.next()).isFalse();
      }
    }

    HttpResponse<String> read = Http.get(streamsUrl(stream));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("ETag")).contains("\"2\"");
    assertThat(read.body())
        .contains("\"version\":2")
        .contains("\"type\":\"AccountOpened\"")
        .contains("\"owner\":\"Alice\"")
        .contains("\"channel\":\"web\"")
        .contains("\"userId\":\"" + Tokens.DEFAULT_SUBJECT + "\"");
  }

  @Test
  void aStaleExpectationIsAConflictAndWritesNothing() {
    String stream = "notes-" + UUID.randomUUID();
    String event = "[{\"type\":\"AccountOpened\",\"data\":{}}]";
    assertThat(
            Http.postJson(streamsUrl(stream) + "/events", event, "If-None-Match", "*").statusCode())
        .isEqualTo(201);

    HttpResponse<String> stale =
        Http.postJson(streamsUrl(stream) + "/events", event, "If-Match", "\"0\"");

    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(stale.body()).contains("\"code\":\"ES001\"").contains("\"actual\":1");
    assertThat(Http.get(streamsUrl(stream)).body()).contains("\"version\":1");
  }

  private static final String FORGED_OPENING =
      "[{\"type\":\"AccountOpened\",\"data\":{\"owner\":\"Mallory\",\"initialBalance\":1000000}}]";

  /** A 403 ES006 problem naming the stream and the prefix that reserves it. */
  static void assertReserved(HttpResponse<String> response, String stream, String prefix) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonObject problem = Api.json(response);
    assertThat(problem.getString("code")).isEqualTo("ES006");
    assertThat(problem.getInt("status")).isEqualTo(403);
    assertThat(problem.getString("type")).endsWith("/stream-reserved-for-commands");
    assertThat(problem.getString("title")).isEqualTo("Stream reserved for commands");
    assertThat(problem.getString("streamId")).isEqualTo(stream);
    assertThat(problem.getString("prefix")).isEqualTo(prefix);
    assertThat(problem.getString("detail"))
        .contains(stream)
        .contains("'" + prefix + "'")
        .contains("belongs to a command model")
        .contains("Use the command API")
        .contains("nothing was written");
  }

  private static void assertEmpty(String stream) {
    HttpResponse<String> read = Http.get(streamsUrl(stream));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(Api.json(read).getInt("version")).as(stream).isZero();
    assertThat(Api.json(read).getJsonArray("events")).as(stream).isEmpty();
  }

  @Test
  void aRawAppendToAnAccountStreamIsForbiddenWithAnyExpectationAndTheCommandStillOpensIt() {
    String account = Api.fresh("forged");
    String stream = "account-" + account;
    List<String[]> expectations =
        List.of(
            new String[0],
            new String[] {"If-None-Match", "*"},
            new String[] {"If-Match", "\"0\""},
            new String[] {"If-Match", "*"});
    for (String[] expectation : expectations) {
      HttpResponse<String> refused =
          Http.postJson(streamsUrl(stream) + "/events", FORGED_OPENING, expectation);
      assertReserved(refused, stream, "account-");
    }

    // nothing written: the stream is empty and the banking API knows no such account
    assertEmpty(stream);
    assertThat(Http.get(Api.url("/accounts/" + account)).statusCode()).isEqualTo(404);

    // the command writes the reserved stream as before
    HttpResponse<String> opened = Api.openAccount(account, 50);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    assertThat(Api.balance(account)).isEqualTo(50);
    JsonObject written = Api.json(Http.get(streamsUrl(stream)));
    assertThat(written.getInt("version")).isEqualTo(1);
    assertThat(written.getJsonArray("events").getJsonObject(0).getString("type"))
        .isEqualTo("AccountOpened");

    // and a raw append to the now existing stream is refused too
    assertReserved(
        Http.postJson(streamsUrl(stream) + "/events", FORGED_OPENING, "If-Match", "\"1\""),
        stream,
        "account-");
    assertThat(Api.json(Http.get(streamsUrl(stream))).getInt("version")).isEqualTo(1);
  }

  @Test
  void aMultiStreamRawAppendWritingOneCommandStreamIsForbiddenAndWritesNoStream() {
    String notes = Api.fresh("notes");
    String order = "order-" + Api.fresh("forged");
    String shipment = "shipment-" + Api.fresh("forged");
    String body =
        "{\"streams\":["
            + "{\"streamId\":\""
            + notes
            + "\",\"events\":[{\"type\":\"NoteTaken\",\"data\":{}}]},"
            + "{\"streamId\":\""
            + order
            + "\",\"expectedVersion\":\"no_stream\","
            + "\"events\":[{\"type\":\"OrderPlaced\",\"data\":{}}]},"
            + "{\"streamId\":\""
            + shipment
            + "\",\"events\":[{\"type\":\"ShipmentDispatched\",\"data\":{}}]}]}";

    HttpResponse<String> refused = Http.postJson(Api.url("/events"), body);

    assertReserved(refused, order, "order-");
    assertEmpty(notes);
    assertEmpty(order);
    assertEmpty(shipment);
  }

  @Test
  void aRawAppendMayCheckTheVersionOfACommandStreamWithoutWritingIt() {
    String account = Api.fresh("checked");
    assertThat(Api.openAccount(account, 10).statusCode()).isEqualTo(201);
    String notes = Api.fresh("notes");
    String body =
        "{\"streams\":["
            + "{\"streamId\":\""
            + notes
            + "\",\"events\":[{\"type\":\"NoteTaken\",\"data\":{}}]},"
            + "{\"streamId\":\"account-"
            + account
            + "\",\"expectedVersion\":1}]}";

    HttpResponse<String> created = Http.postJson(Api.url("/events"), body);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(Api.json(Http.get(streamsUrl(notes))).getInt("version")).isEqualTo(1);
    assertThat(Api.json(Http.get(streamsUrl("account-" + account))).getInt("version")).isEqualTo(1);
  }

  @Test
  void streamsOfNoCommandModelStayOpenToRawAppends() {
    for (String stream :
        List.of(
            Api.fresh("notes"),
            Api.fresh("my-account"),
            Api.fresh("Account"),
            Api.fresh("orders"))) {
      HttpResponse<String> created =
          Http.postJson(streamsUrl(stream) + "/events", "[{\"type\":\"NoteTaken\",\"data\":{}}]");
      assertThat(created.statusCode()).as(stream + ": " + created.body()).isEqualTo(201);
      assertThat(Api.json(Http.get(streamsUrl(stream))).getInt("version")).isEqualTo(1);
    }
  }

  @Test
  void anInvalidStreamIdIsABadRequest() {
    HttpResponse<String> response =
        Http.postJson(streamsUrl("x".repeat(256)) + "/events", "[{\"type\":\"A\",\"data\":{}}]");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":\"CE001\"").contains("at most 255 characters");
  }

  @Test
  void malformedJsonIsABadRequestAndWritesNothing() {
    String stream = "notes-" + UUID.randomUUID();
    HttpResponse<String> response = Http.postJson(streamsUrl(stream) + "/events", "[{\"type\":");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(Http.get(streamsUrl(stream)).body()).contains("\"version\":0");
  }

  @Test
  void aRawAppendRepeatedWithItsKeyReplaysAndWithAnotherBodyIsUnprocessable() {
    String stream = "notes-" + UUID.randomUUID();
    String url = streamsUrl(stream) + "/events";
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first =
        Http.postJson(url, "[{\"type\":\"NoteTaken\",\"data\":{\"n\":1}}]", "Idempotency-Key", key);
    HttpResponse<String> again =
        Http.postJson(url, "[{\"type\":\"NoteTaken\",\"data\":{\"n\":1}}]", "Idempotency-Key", key);
    HttpResponse<String> other =
        Http.postJson(url, "[{\"type\":\"NoteTaken\",\"data\":{\"n\":2}}]", "Idempotency-Key", key);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
    assertThat(other.body()).contains("\"code\":\"CE009\"");
    assertThat(Http.get(streamsUrl(stream)).body()).contains("\"version\":1");
  }

  @Test
  void unknownPathsAreProblemsToo() {
    HttpResponse<String> response =
        Http.send(HttpRequest.newBuilder(java.net.URI.create(Http.app() + "/api/v1/nothing-here")));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"status\":404");
  }
}
