package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * The stream endpoints on the deployed EAR: a JPA write and read, each in a JTA transaction, over
 * real HTTP, checked against the database itself.
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
    String stream = "account-" + UUID.randomUUID();
    HttpResponse<String> created =
        Http.postJson(
            streamsUrl(stream) + "/events",
            "[{\"type\":\"AccountOpened\",\"data\":{\"owner\":\"Alice\"}},"
                + "{\"type\":\"MoneyDeposited\",\"data\":{\"amount\":100},\"metadata\":{\"userId\":\"alice\"}}]",
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
                "select stream_version, event_type, payload->>'owner', metadata->>'correlationId'"
                    + " from eventcore.events where stream_id = ? order by stream_version")) {
      query.setString(1, stream);
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(1);
        assertThat(rows.getString(2)).isEqualTo("AccountOpened");
        assertThat(rows.getString(3)).isEqualTo("Alice");
        assertThat(rows.getString(4)).isEqualTo("corr-" + stream);
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(2);
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
        .contains("\"userId\":\"alice\"");
  }

  @Test
  void aStaleExpectationIsAConflictAndWritesNothing() {
    String stream = "account-" + UUID.randomUUID();
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

  @Test
  void anInvalidStreamIdIsABadRequest() {
    HttpResponse<String> response =
        Http.postJson(streamsUrl("x".repeat(256)) + "/events", "[{\"type\":\"A\",\"data\":{}}]");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":\"CE001\"").contains("at most 255 characters");
  }

  @Test
  void malformedJsonIsABadRequestAndWritesNothing() {
    String stream = "account-" + UUID.randomUUID();
    HttpResponse<String> response = Http.postJson(streamsUrl(stream) + "/events", "[{\"type\":");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(Http.get(streamsUrl(stream)).body()).contains("\"version\":0");
  }

  @Test
  void unknownPathsAreProblemsToo() {
    HttpResponse<String> response =
        Http.send(HttpRequest.newBuilder(java.net.URI.create(Http.app() + "/api/v1/nothing-here")));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"status\":404");
  }
}
