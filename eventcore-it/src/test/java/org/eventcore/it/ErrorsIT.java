package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/** Every error class is a problem document, never a stack trace or SQL, and changes nothing. */
@EventCoreServerTest
@RunAsClient
class ErrorsIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(Api.json(response).getString("code")).isEqualTo(code);
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("select ")
        .doesNotContain("\tat ");
  }

  /**
   * A GET with a body, followed on the same kept-alive connection by a second request: the body is
   * not read as the next request, and both are answered by the application (on Payara Server only
   * since {@code PayaraDomain} lets Grizzly pass a body on a GET; before, Grizzly answered a bare
   * 400 and closed the connection).
   */
  @Test
  void aGetWithABodyIsAnsweredAndItsBodyIsNotReadAsTheNextRequest() throws Exception {
    String first = Api.fresh("get-with-body");
    String second = Api.fresh("after-get-with-body");
    String body = "{\"type\":\"X\",\"data\":{}}";
    String requests =
        "GET /api/v1/streams/"
            + first
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + Tokens.defaultToken()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body
            + "GET /api/v1/streams/"
            + second
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + Tokens.defaultToken()
            + "\r\nConnection: close\r\n\r\n";
    String answers;
    try (Socket socket = new Socket("localhost", 8080 + Http.offset())) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    // a response's status line follows the previous response's body directly
    List<String> statusLines =
        Pattern.compile("HTTP/1\\.1 \\d{3} [A-Za-z ]+\r\n")
            .matcher(answers)
            .results()
            .map(match -> match.group().strip())
            .toList();
    assertThat(statusLines).as(answers).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
    // each answer names its own stream: the second request was read as sent
    assertThat(answers.indexOf("\"" + first + "\""))
        .as(answers)
        .isNotNegative()
        .isLessThan(answers.indexOf("\"" + second + "\""));
  }

  @Test
  void aBodyOverTheLimitIs413AndNothingIsWritten() {
    String stream = "big-" + UUID.randomUUID();
    String huge = "[{\"type\":\"Big\",\"data\":\"" + "x".repeat(1_100_000) + "\"}]";

    HttpResponse<String> response = Http.postJson(Api.url("/streams/" + stream + "/events"), huge);

    assertProblem(response, 413, "CE001");
    assertThat(Api.json(Http.get(Api.url("/streams/" + stream))).getInt("version")).isZero();
  }

  @Test
  void aViolationOfTwoFieldsNamesBothInErrors() {
    String account = Api.fresh("two-bad");
    HttpResponse<String> response =
        Http.postJson(
            Api.url("/accounts"),
            "{\"accountId\":\"" + account + "\",\"owner\":\"  \",\"initialBalance\":-1}");

    assertProblem(response, 400, "CE001");
    JsonObject problem = Api.json(response);
    assertThat(problem.getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactly("initialBalance", "owner");
    assertThat(problem.getJsonArray("errors").getValuesAs(JsonObject.class))
        .allSatisfy(e -> assertThat(e.getString("message")).isNotBlank());
    assertThat(problem.getString("field")).isEqualTo("initialBalance");
    assertThat(problem.getString("detail")).contains("initialBalance").contains("owner");
    assertThat(Http.get(Api.url("/accounts/" + account)).statusCode()).isEqualTo(404);
  }

  @Test
  void aViolationInsideAListNamesTheElement() {
    String order = Api.fresh("order");
    HttpResponse<String> response =
        Http.postJson(
            Api.url("/orders"),
            "{\"orderId\":\""
                + order
                + "\",\"items\":[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\"\",\"quantity\":0}]}");

    assertProblem(response, 400, "CE001");
    assertThat(Api.json(response).getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactly("items[1].quantity", "items[1].sku");
    assertThat(Http.get(Api.url("/orders/" + order)).statusCode()).isEqualTo(404);
  }

  @Test
  void aCommandWithoutABodyIsABadRequestNamingTheBody() {
    HttpResponse<String> response = Http.postJson(Api.url("/transfers"), "");

    assertProblem(response, 400, "CE001");
    assertThat(Api.json(response).getString("field")).isEqualTo("body");
  }

  /** Deep enough to overflow the stack of any recursive reader. */
  private static String nested(String open, String close, int depth) {
    return open.repeat(depth) + close.repeat(depth);
  }

  private static final int DEEP = 100_000;

  @Test
  void everyMalformedCommandBodyIsABadRequestAndWritesNothing() {
    String account = Api.fresh("malformed");
    String prefix = "{\"accountId\":\"" + account + "\",\"owner\":\"O\",\"initialBalance\":";
    List<String> bodies =
        List.of(
            "",
            " ",
            prefix,
            prefix + "1",
            prefix + "1,",
            "{\"accountId\":\"" + account + "\",\"owner\"",
            prefix + "1}}",
            prefix + "1} trailing",
            prefix + "\"ten\"}",
            prefix + "\"10\"}",
            prefix + "1.5}",
            prefix + "1e2}",
            prefix + "true}",
            prefix + "[1]}",
            prefix + "{\"cents\":1}}",
            prefix + "99999999999999999999999999}",
            prefix + "1" + "0".repeat(5_000) + "}",
            prefix + "1e999999999}",
            prefix + "-1e-999999999}",
            "{\"accountId\":7,\"owner\":\"O\",\"initialBalance\":1}",
            "{\"accountId\":\"" + account + "\",\"owner\":[\"O\"],\"initialBalance\":1}",
            "{\"accountId\":\"" + account + "\",\"owner\":\"O\",\"initialBalance\":1,\"x\":1}",
            "[]",
            "[" + prefix + "1}]",
            "\"" + account + "\"",
            "42",
            "true",
            "null",
            "{\"accountId\":\"" + account + "\",\"owner\":\"\\uZZZZ\",\"initialBalance\":1}",
            "{'accountId':'" + account + "'}",
            nested("[", "]", DEEP),
            nested("{\"a\":", "}", DEEP).replace("{\"a\":}", "{\"a\":1}"),
            prefix + nested("[", "]", DEEP) + "}",
            "{\"accountId\":\""
                + account
                + "\",\"owner\":\"O\",\"initialBalance\":1,\"x\":"
                + nested("[", "]", DEEP)
                + "}");

    for (String body : bodies) {
      HttpResponse<String> response = Http.postJson(Api.url("/accounts"), body);
      assertThat(response.statusCode())
          .as("%s → %s", abbreviated(body), response.body())
          .isEqualTo(400);
      assertProblem(response, 400, "CE001");
    }
    assertThat(Http.get(Api.url("/accounts/" + account)).statusCode()).isEqualTo(404);
  }

  @Test
  void everyMalformedEventBodyIsABadRequestAndWritesNothing() {
    String stream = Api.fresh("malformed");
    String events = Api.url("/streams/" + stream + "/events");
    List<String> bodies =
        List.of(
            "",
            "[{\"type\":\"A\",\"data\":",
            "[{\"type\":\"A\",\"data\":{}}",
            "[{\"type\":\"A\",\"data\":{}}]]",
            "{\"type\":\"A\",\"data\":{}}",
            "\"A\"",
            "null",
            "[{\"type\":1,\"data\":{}}]",
            "[{\"type\":\"A\",\"data\":{},\"metadata\":[1]}]",
            "[{\"type\":\"A\",\"data\":1" + "0".repeat(5_000) + "}]",
            "[{\"type\":\"A\",\"data\":" + nested("[", "]", DEEP) + "}]",
            "[{\"type\":\"A\",\"data\":"
                + nested("{\"a\":", "}", DEEP).replace("{\"a\":}", "1")
                + "}]",
            nested("[", "]", DEEP));

    for (String body : bodies) {
      HttpResponse<String> response = Http.postJson(events, body);
      assertThat(response.statusCode())
          .as("%s → %s", abbreviated(body), response.body())
          .isEqualTo(400);
      assertProblem(response, 400, "CE001");
    }
    HttpResponse<String> multi =
        Http.postJson(
            Api.url("/events"),
            "{\"streams\":[{\"streamId\":\""
                + stream
                + "\",\"events\":"
                + nested("[", "]", DEEP)
                + "}]}");
    assertProblem(multi, 400, "CE001");
    assertThat(Api.json(Http.get(Api.url("/streams/" + stream))).getInt("version")).isZero();
  }

  private static String abbreviated(String body) {
    return body.length() <= 120 ? body : body.substring(0, 120) + "… (" + body.length() + " chars)";
  }

  @Test
  void httpLevelErrorsAreProblemsToo() {
    HttpResponse<String> wrongMethod =
        Http.send(
            HttpRequest.newBuilder(URI.create(Api.url("/transfers")))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

    HttpResponse<String> wrongType =
        Http.send(
            HttpRequest.newBuilder(URI.create(Api.url("/transfers")))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(wrongType.body()).contains("\"status\":415");
  }

  /** Found by HostileInputFuzzIT: these were answered with the servlet container's HTML page. */
  @Test
  void unparseableAcceptOrContentTypeHeadersAreProblemsNotHtmlPages() {
    String alice = Api.fresh("alice");
    Api.openAccount(alice, 10);
    for (String accept : List.of("garbage/", ";;;", "text/html;q=high")) {
      assertProblem(
          Http.send(
              HttpRequest.newBuilder(URI.create(Api.url("/accounts/" + alice)))
                  .header("Accept", accept)),
          400,
          "CE001");
    }
    HttpResponse<String> badType =
        Http.send(
            HttpRequest.newBuilder(URI.create(Api.url("/accounts/" + alice + "/deposits")))
                .header("Content-Type", "garbage")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":5}")));
    assertProblem(badType, 400, "CE001");
    assertThat(Api.json(badType).getString("field")).isEqualTo("Content-Type");
    assertThat(Api.balance(alice)).isEqualTo(10);
  }

  /** Found by HostileInputFuzzIT: PostgreSQL cannot store or compare NUL in text (it was a 500). */
  @Test
  void theNulCharacterInAQueryOrAJsonStringIsABadRequest() {
    assertProblem(Http.get(Api.url("/accounts?owner=%00")), 400, "CE001");
    assertProblem(Http.get(Api.url("/orders?status=a%00b")), 400, "CE001");
    String stream = "nul-" + UUID.randomUUID();
    assertProblem(
        Http.postJson(
            Api.url("/streams/" + stream + "/events"),
            "[{\"type\":\"Noted\",\"data\":{\"text\":\"a\\u0000b\"}}]"),
        400,
        "CE001");
    assertThat(Http.get(Api.url("/streams/" + stream)).body()).contains("\"version\":0");
  }

  @Test
  void anUnreachableDatabaseIs503WithRetryAfterAndTheServiceRecovers() throws Exception {
    String account = "db-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(Api.openAccount(account, 10).statusCode()).isEqualTo(201);
    ServerDatabase.disconnect();
    try {
      HttpResponse<String> command = awaitStatus(() -> Api.transfer(account, "nobody", 1), 503);
      assertProblem(command, 503, "ES002");
      assertThat(command.headers().firstValue("Retry-After")).isPresent();
      HttpResponse<String> read =
          awaitStatus(() -> Http.get(Api.url("/streams/account-" + account)), 503);
      assertProblem(read, 503, "ES002");
    } finally {
      ServerDatabase.reconnect();
    }
    HttpResponse<String> recovered =
        awaitStatus(() -> Http.get(Api.url("/accounts/" + account)), 200);
    assertThat(Api.json(recovered).getInt("balance")).isEqualTo(10);
  }

  private static HttpResponse<String> awaitStatus(
      java.util.function.Supplier<HttpResponse<String>> call, int status)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    HttpResponse<String> last = call.get();
    while (last.statusCode() != status && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
      last = call.get();
    }
    return last;
  }
}
