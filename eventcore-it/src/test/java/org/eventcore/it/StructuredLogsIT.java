package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Structured logs (issue 16, point 4; ADR 0015): the server writes one JSON object per line to a
 * file of its own ({@link Http#structuredLog()}: {@code eventcore.json.log} in the server's log
 * directory) — one per command with its correlation id, type, streams, attempts, outcome and
 * duration, and one per HTTP request (the access log) with the same correlation id — and never the
 * data of the request.
 */
@EventCoreServerTest
@RunAsClient
class StructuredLogsIT {

  private static final Path LOG = Http.structuredLog();

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void aCommandAndItsRequestAreOneJsonLineEachWithTheRequestsCorrelationId() throws Exception {
    String account = Api.fresh("erin");
    String correlationId = "logs-" + UUID.randomUUID();
    String owner = "Erin Secretname " + UUID.randomUUID();
    long amount = 1_000_000L + new SecureRandom().nextInt(8_000_000);

    HttpResponse<String> opened =
        Http.postJson(
            Api.url("/accounts"),
            "{\"accountId\":\""
                + account
                + "\",\"owner\":\""
                + owner
                + "\",\"initialBalance\":"
                + amount
                + "}",
            "X-Correlation-Id",
            correlationId);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

    List<JsonObject> lines = await(correlationId, found -> found.size() >= 2);
    JsonObject command = only(lines, "command");
    assertThat(command.getString("level")).isEqualTo("INFO");
    assertThat(command.getString("logger")).isEqualTo("org.eventcore.log.command");
    assertThat(command.getString("command")).isEqualTo("OpenAccount");
    assertThat(command.getString("outcome")).isEqualTo("success");
    assertThat(command.getInt("attempts")).isEqualTo(1);
    assertThat(command.getInt("events")).isEqualTo(1);
    assertThat(command.getJsonArray("streams").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .containsExactly("account-" + account);
    assertThat(command.getInt("streamCount")).isEqualTo(1);
    assertThat(command.getJsonNumber("durationMs").doubleValue()).isNotNegative();
    assertThat(Instant.parse(command.getString("timestamp")))
        .isBefore(Instant.now().plusSeconds(60));
    assertThat(command.containsKey("errorType")).isFalse();

    JsonObject access = only(lines, "access");
    assertThat(access.getString("logger")).isEqualTo("org.eventcore.log.access");
    assertThat(access.getString("method")).isEqualTo("POST");
    assertThat(access.getString("path")).isEqualTo("/api/v1/accounts");
    assertThat(access.getInt("status")).isEqualTo(201);
    assertThat(access.getJsonNumber("durationMs").doubleValue())
        .as("the request took at least as long as its command")
        .isGreaterThanOrEqualTo(command.getJsonNumber("durationMs").doubleValue());

    assertThat(lines)
        .as("the request's lines hold none of its data (the owner's name, the amount)")
        .noneMatch(line -> line.toString().contains(owner))
        .noneMatch(line -> line.toString().contains(Long.toString(amount)));
    List<String> all = allLinesOfTheLog();
    assertThat(all).as("no line holds the owner's name").noneMatch(line -> line.contains(owner));
    assertThat(all)
        .as("every line of the log is one JSON object with a timestamp, a level and an event")
        .allSatisfy(
            line ->
                assertThat(parsed(line).keySet())
                    .contains("timestamp", "level", "logger", "event"));
  }

  @Test
  void aRejectedCommandIsLoggedWithItsErrorCodeButNotItsMessage() throws Exception {
    String from = Api.fresh("frank");
    String to = Api.fresh("grace");
    assertThat(Api.openAccount(from, 10).statusCode()).isEqualTo(201);
    assertThat(Api.openAccount(to, 0).statusCode()).isEqualTo(201);
    String correlationId = "logs-" + UUID.randomUUID();

    HttpResponse<String> refused =
        Http.postJson(
            Api.url("/transfers"),
            "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":300}",
            "X-Correlation-Id",
            correlationId);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    JsonObject problem = Api.json(refused);

    List<JsonObject> lines = await(correlationId, found -> found.size() >= 2);
    JsonObject command = only(lines, "command");
    assertThat(command.getString("command")).isEqualTo("TransferMoney");
    assertThat(command.getString("outcome")).isEqualTo("rejected");
    assertThat(command.getInt("events")).isZero();
    assertThat(command.getString("errorType")).isEqualTo("BusinessRuleViolationException");
    assertThat(command.getString("errorCode")).isEqualTo(problem.getString("code"));
    assertThat(command.getJsonArray("streams").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .containsExactlyInAnyOrder("account-" + from, "account-" + to);
    assertThat(command.toString()).doesNotContain(problem.getString("detail"));
    assertThat(only(lines, "access").getInt("status")).isEqualTo(422);
  }

  @Test
  void aRequestWithoutCorrelationIdGetsOneThatTheResponseTheEventsAndTheLinesShare()
      throws Exception {
    String account = Api.fresh("heidi");

    HttpResponse<String> opened = Api.openAccount(account, 5);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    assertThat(opened.headers().allValues("X-Correlation-Id")).as("one header").hasSize(1);
    String correlationId = opened.headers().firstValue("X-Correlation-Id").orElseThrow();

    JsonObject stream = Api.json(Http.get(Api.url("/streams/account-" + account)));
    assertThat(
            stream
                .getJsonArray("events")
                .getJsonObject(0)
                .getJsonObject("metadata")
                .getString("correlationId"))
        .isEqualTo(correlationId);
    List<JsonObject> lines = await(correlationId, found -> found.size() >= 2);
    assertThat(only(lines, "command").getString("command")).isEqualTo("OpenAccount");
    assertThat(only(lines, "access").getInt("status")).isEqualTo(201);
  }

  /** Waits until the lines with {@code correlationId} satisfy {@code complete}. */
  private static List<JsonObject> await(String correlationId, Predicate<List<JsonObject>> complete)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (true) {
      List<JsonObject> lines = new ArrayList<>();
      for (String text : allLinesOfTheLog()) {
        if (text.contains(correlationId)) {
          JsonObject line = parsed(text);
          if (correlationId.equals(line.getString("correlationId", null))) {
            lines.add(line);
          }
        }
      }
      if (complete.test(lines)) {
        return lines;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "No complete log lines for " + correlationId + " in " + LOG + ": " + lines);
      }
      Thread.sleep(100);
    }
  }

  private static JsonObject only(List<JsonObject> lines, String event) {
    List<JsonObject> matching =
        lines.stream().filter(l -> event.equals(l.getString("event"))).toList();
    assertThat(matching).as(event + " lines").hasSize(1);
    return matching.get(0);
  }

  private static JsonObject parsed(String line) {
    try (JsonReader reader = Json.createReader(new StringReader(line))) {
      return reader.readObject();
    } catch (JsonParsingException notJson) {
      throw new AssertionError("A line of " + LOG + " is not a JSON object: " + line, notJson);
    }
  }

  /**
   * The complete lines of the log and of its rotated predecessors ({@code
   * eventcore.json.log.<day>}, for a run across midnight); a last line still being written is left
   * out.
   */
  private static List<String> allLinesOfTheLog() throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(LOG.getParent())) {
      return lines;
    }
    List<Path> files;
    try (Stream<Path> listed = Files.list(LOG.getParent())) {
      files =
          listed.filter(p -> p.getFileName().toString().startsWith("eventcore.json.log")).toList();
    }
    for (Path file : files) {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int end = content.lastIndexOf('\n');
      if (end >= 0) {
        lines.addAll(content.substring(0, end).lines().toList());
      }
    }
    return lines;
  }
}
