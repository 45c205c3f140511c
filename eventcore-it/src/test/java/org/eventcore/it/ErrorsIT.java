package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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

  @Test
  void aBodyOverTheLimitIs413AndNothingIsWritten() {
    String stream = "big-" + UUID.randomUUID();
    String huge = "[{\"type\":\"Big\",\"data\":\"" + "x".repeat(1_100_000) + "\"}]";

    HttpResponse<String> response = Http.postJson(Api.url("/streams/" + stream + "/events"), huge);

    assertProblem(response, 413, "CE001");
    assertThat(Api.json(Http.get(Api.url("/streams/" + stream))).getInt("version")).isZero();
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
