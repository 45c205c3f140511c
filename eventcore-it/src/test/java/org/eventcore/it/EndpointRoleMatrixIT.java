package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.eventcore.interfaces.rest.security.Roles;
import org.eventcore.testing.TestTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the served OpenAPI document, called without a token, with a token of each
 * role, and with each kind of bad token, compared with one declared table ({@link #ALLOWED}): no
 * token or a bad one → 401 problem, a role the table does not list → 403 problem, a listed role →
 * neither (the requests are built so that an allowed call changes nothing: empty bodies answer 400,
 * unknown names 404). An operation in the document without a row in the table, or a row without an
 * operation, fails the test — so an endpoint cannot be added without a rule.
 */
@EventCoreServerTest
@RunAsClient
class EndpointRoleMatrixIT {

  private static final String A = Roles.ADMIN;
  private static final String R = Roles.READER;
  private static final String C = Roles.COMMANDER;
  private static final String P = Roles.APPENDER;
  private static final String O = Roles.OPERATOR;

  /** The rule of every operation: the roles that may call it. */
  static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("GET /api/v1/accounts", Set.of(R, A)),
          Map.entry("POST /api/v1/accounts", Set.of(C, A)),
          Map.entry("GET /api/v1/accounts/{id}", Set.of(R, A)),
          Map.entry("POST /api/v1/accounts/{id}/deposits", Set.of(C, A)),
          Map.entry("POST /api/v1/accounts/{id}/withdrawals", Set.of(C, A)),
          Map.entry("POST /api/v1/transfers", Set.of(C, A)),
          Map.entry("GET /api/v1/inventory/{sku}", Set.of(R, A)),
          Map.entry("POST /api/v1/inventory/{sku}/restocks", Set.of(C, A)),
          Map.entry("GET /api/v1/orders", Set.of(R, A)),
          Map.entry("POST /api/v1/orders", Set.of(C, A)),
          Map.entry("GET /api/v1/orders/{id}", Set.of(R, A)),
          Map.entry("POST /api/v1/orders/{id}/fulfilment", Set.of(C, A)),
          Map.entry("GET /api/v1/streams/{streamId}", Set.of(R, A)),
          Map.entry("POST /api/v1/streams/{streamId}/events", Set.of(P, A)),
          Map.entry("POST /api/v1/events", Set.of(P, A)),
          Map.entry("GET /api/v1/events", Set.of(R, A)),
          Map.entry("GET /api/v1/events/stream", Set.of(R, A)),
          Map.entry("GET /api/v1/projections", Set.of(R, O, A)),
          Map.entry("GET /api/v1/projections/{name}", Set.of(R, O, A)),
          Map.entry("POST /api/v1/projections/{name}/rebuild", Set.of(O, A)),
          Map.entry("POST /api/v1/projections/{name}/resume", Set.of(O, A)));

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void everyOperationAnswersEveryCallerAsTheTableSays() {
    List<String> operations = operationsOfTheServedDocument();
    assertThat(new TreeSet<>(operations))
        .as("operations of /openapi vs. the declared table: add a row for a new endpoint")
        .isEqualTo(new TreeSet<>(ALLOWED.keySet()));

    SoftAssertions softly = new SoftAssertions();
    for (String operation : operations) {
      Set<String> allowed = ALLOWED.get(operation);

      Outcome anonymous = call(operation, Optional.empty());
      softly
          .assertThat(anonymous.status())
          .as("%s without a token: %s", operation, anonymous)
          .isEqualTo(401);
      softly
          .assertThat(anonymous.problem())
          .as("%s without a token: %s", operation, anonymous)
          .isTrue();

      for (String role : Roles.ALL) {
        Outcome outcome = call(operation, Optional.of(Tokens.of("matrix-" + role, role)));
        if (allowed.contains(role)) {
          softly
              .assertThat(outcome.status())
              .as("%s as %s (allowed): %s", operation, role, outcome)
              .isNotIn(401, 403)
              .isLessThan(500);
        } else {
          softly
              .assertThat(outcome.status())
              .as("%s as %s (not allowed): %s", operation, role, outcome)
              .isEqualTo(403);
          softly
              .assertThat(outcome.problem())
              .as("%s as %s: %s", operation, role, outcome)
              .isTrue();
        }
      }

      for (TestTokens.Bad bad : TestTokens.Bad.values()) {
        Outcome outcome =
            call(
                operation,
                Optional.of(
                    Tokens.TOKENS.bad(bad, "matrix-bad", Roles.ALL.toArray(String[]::new))));
        softly
            .assertThat(outcome.status())
            .as("%s with a %s token: %s", operation, bad, outcome)
            .isEqualTo(401);
        softly
            .assertThat(outcome.problem())
            .as("%s with a %s token: %s", operation, bad, outcome)
            .isTrue();
      }
    }
    softly.assertAll();
  }

  /** {@code "GET /api/v1/accounts"}, … for every operation of the document the server serves. */
  private static List<String> operationsOfTheServedDocument() {
    JsonObject document = Api.json(Http.get(Http.app() + "/openapi?format=JSON"));
    List<String> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.keySet()) {
      for (String method : paths.getJsonObject(path).keySet()) {
        if (Set.of("get", "post", "put", "patch", "delete", "head", "options").contains(method)) {
          operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
        }
      }
    }
    return operations;
  }

  record Outcome(int status, String contentType, String body) {
    boolean problem() {
      return contentType.startsWith("application/problem+json")
          && body.contains("\"status\":" + status);
    }
  }

  /**
   * One call; path parameters are names that exist nowhere, POST bodies are empty objects, so an
   * allowed call is refused by validation or not found and changes nothing. Only the start of the
   * body is read (the feed's server-sent events never end).
   */
  private static Outcome call(String operation, Optional<String> token) {
    int space = operation.indexOf(' ');
    String method = operation.substring(0, space);
    String path = operation.substring(space + 1).replaceAll("\\{[^}]+}", "matrix-absent-x");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(Http.app() + path)).timeout(Duration.ofSeconds(30));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    if (method.equals("POST")) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}"));
    } else {
      request.GET();
    }
    try {
      HttpResponse<InputStream> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      String body;
      try (InputStream in = response.body()) {
        body =
            contentType.startsWith("text/event-stream")
                ? "(event stream)"
                : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Outcome(response.statusCode(), contentType, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
