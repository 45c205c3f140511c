package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.eventcore.interfaces.rest.security.Roles;
import org.eventcore.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Authentication, the user id in the events, the administrator's access to streams reserved for
 * commands, {@code /metrics} and the security headers, on the built EAR (issue 14). The endpoint ×
 * role table is {@link EndpointRoleMatrixIT}; configured stream permissions and the rate limit are
 * {@link SecurityConfigIT}.
 */
@EventCoreServerTest
@RunAsClient
class SecurityIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  static HttpResponse<String> as(String token, HttpRequest.Builder request) {
    return Http.send(request.header("Authorization", "Bearer " + token));
  }

  static HttpResponse<String> postAs(String token, String path, String json) {
    return as(
        token,
        HttpRequest.newBuilder(URI.create(Api.url(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static HttpResponse<String> getAs(String token, String path) {
    return as(token, HttpRequest.newBuilder(URI.create(Api.url(path))).GET());
  }

  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonObject problem = Api.json(response);
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("code")).isEqualTo(code);
  }

  static JsonObject bodyOf(HttpResponse<String> response) {
    return Api.json(response);
  }

  private static long version(String stream) {
    HttpResponse<String> read = Http.get(Api.url("/streams/" + stream));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    return Api.json(read).getJsonNumber("version").longValue();
  }

  @Test
  void everyKindOfBadTokenAndNoTokenIsAnswered401AndWritesNothing() {
    String stream = Api.fresh("notes-auth");
    String events = "[{\"type\":\"NoteTaken\",\"data\":{}}]";
    List<String> tokens = new ArrayList<>();
    for (TestTokens.Bad bad : TestTokens.Bad.values()) {
      tokens.add(Tokens.TOKENS.bad(bad, "intruder", Roles.ALL.toArray(String[]::new)));
    }
    for (String token : tokens) {
      HttpResponse<String> refused = postAs(token, "/streams/" + stream + "/events", events);
      assertProblem(refused, 401, "CE005");
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }
    HttpResponse<String> anonymous =
        Http.sendWithoutDefaultToken(
            HttpRequest.newBuilder(URI.create(Api.url("/streams/" + stream + "/events")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(events)));
    assertProblem(anonymous, 401, "CE005");
    assertThat(version(stream)).isZero();

    // the same request with a valid token goes through: the refusals above were the tokens
    String valid = Tokens.of("note-taker", Roles.APPENDER);
    assertThat(postAs(valid, "/streams/" + stream + "/events", events).statusCode()).isEqualTo(201);
    assertThat(version(stream)).isEqualTo(1);
  }

  @Test
  void aCallerWithoutTheRoleIsAnswered403AndNothingIsWritten() {
    String account = Api.fresh("sec-acct");
    HttpResponse<String> refused =
        postAs(
            Tokens.of("only-reader", Roles.READER),
            "/accounts",
            "{\"accountId\":\"" + account + "\",\"owner\":\"O\",\"initialBalance\":5}");
    assertProblem(refused, 403, "CE005");
    assertThat(Api.json(refused).getString("detail")).contains(Roles.COMMANDER);
    assertThat(version("account-" + account)).isZero();
  }

  @Test
  void commandsAndRawAppendsRecordTheAuthenticatedSubjectAsTheUserId() throws Exception {
    String subject = Api.fresh("alice");
    String account = Api.fresh("sec-owner");
    HttpResponse<String> opened =
        postAs(
            Tokens.of(subject, Roles.COMMANDER),
            "/accounts",
            "{\"accountId\":\"" + account + "\",\"owner\":\"Alice\",\"initialBalance\":10}");
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

    String notes = Api.fresh("notes-user");
    HttpResponse<String> appended =
        postAs(
            Tokens.of(subject, Roles.APPENDER),
            "/streams/" + notes + "/events",
            "[{\"type\":\"NoteTaken\",\"data\":{}}]");
    assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);

    assertThat(userIds("account-" + account)).containsExactly(subject);
    assertThat(userIds(notes)).containsExactly(subject);
  }

  @Test
  void aClientSuppliedUserIdIsRefusedAndNothingIsWritten() {
    String notes = Api.fresh("notes-forged");
    HttpResponse<String> refused =
        Http.postJson(
            Api.url("/streams/" + notes + "/events"),
            "[{\"type\":\"NoteTaken\",\"data\":{},\"metadata\":{\"userId\":\"somebody-else\"}}]");
    assertProblem(refused, 400, "CE001");
    assertThat(Api.json(refused).getString("field")).isEqualTo("events[0].metadata.userId");

    HttpResponse<String> multi =
        Http.postJson(
            Api.url("/events"),
            "{\"streams\":[{\"streamId\":\""
                + notes
                + "\",\"events\":[{\"type\":\"NoteTaken\",\"data\":{},"
                + "\"metadata\":{\"userId\":\"somebody-else\"}}]}]}");
    assertProblem(multi, 400, "CE001");
    assertThat(version(notes)).isZero();
  }

  @Test
  void onlyTheAdministratorAppendsRawEventsToStreamsReservedForCommands() {
    String stream = "account-" + Api.fresh("sec-reserved");
    String events = "[{\"type\":\"AccountOpened\",\"data\":{}}]";
    StreamApiIT.assertReserved(
        postAs(Tokens.of("appender", Roles.APPENDER), "/streams/" + stream + "/events", events),
        stream,
        "account-");
    assertThat(version(stream)).isZero();

    HttpResponse<String> admin =
        postAs(Tokens.of("root", Roles.ADMIN), "/streams/" + stream + "/events", events);
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);
    assertThat(version(stream)).isEqualTo(1);
  }

  @Test
  void metricsNeedTheOperatorOrAdministratorRole() {
    Assumptions.assumeFalse(Http.payara(), Http.PAYARA_OWN_METRICS);
    String metrics = Http.app() + "/metrics";
    HttpResponse<String> anonymous =
        Http.sendWithoutDefaultToken(HttpRequest.newBuilder(URI.create(metrics)).GET());
    assertProblem(anonymous, 401, "CE005");
    assertProblem(
        as(Tokens.of("m-reader", Roles.READER), HttpRequest.newBuilder(URI.create(metrics))),
        403,
        "CE005");
    HttpResponse<String> operator =
        as(Tokens.of("m-operator", Roles.OPERATOR), HttpRequest.newBuilder(URI.create(metrics)));
    assertThat(operator.statusCode()).isEqualTo(200);
    assertThat(operator.body()).contains("eventcore_");
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    List<HttpResponse<String>> responses =
        new ArrayList<>(
            List.of(
                Http.get(Api.url("/streams/" + Api.fresh("headers"))), // 200
                Http.sendWithoutDefaultToken(
                    HttpRequest.newBuilder(URI.create(Api.url("/accounts"))).GET()), // 401
                getAs(Tokens.of("h-commander", Roles.COMMANDER), "/accounts"), // 403
                Http.get(Api.url("/no-such-endpoint")), // 404
                Http.postJson(Api.url("/transfers"), "not json"))); // 400
    if (!Http.payara()) {
      // the EAR's metrics servlet (on Payara, /metrics is the server's own:
      // Http.PAYARA_OWN_METRICS)
      responses.add(Http.get(Http.app() + "/metrics"));
    }
    for (HttpResponse<String> response : responses) {
      assertThat(response.headers().firstValue("X-Content-Type-Options"))
          .as("%s %s", response.uri(), response.statusCode())
          .contains("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options"))
          .as("%s %s", response.uri(), response.statusCode())
          .contains("DENY");
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .as("%s %s", response.uri(), response.statusCode())
          .contains("default-src 'none'; frame-ancestors 'none'");
      assertThat(response.headers().firstValue("Referrer-Policy"))
          .as("%s %s", response.uri(), response.statusCode())
          .contains("no-referrer");
      assertThat(response.headers().firstValue("Cache-Control"))
          .as("%s %s", response.uri(), response.statusCode())
          .isPresent();
    }
  }

  /** The user ids in the metadata of a stream's events, straight from PostgreSQL. */
  private static List<String> userIds(String stream) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select metadata->>'userId' from eventcore.events where stream_id = ?"
                    + " order by stream_version")) {
      query.setString(1, stream);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }
}
