package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Tracing (issue 16, point 3; ADR 0015): a request that arrives with a sampled W3C {@code
 * traceparent} is traced by MicroProfile Telemetry — the HTTP server span a child of the caller's
 * span, the command and its phases below it — the spans reach an OTLP/HTTP receiver of the test
 * ({@link OtlpReceiver}), and the events the command wrote carry the trace id.
 */
@EventCoreServerTest
@RunAsClient
class TracingIT {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Spans are exported in batches (every 100 ms in the test server); wait generously. */
  private static final Duration EXPORT_DEADLINE = Duration.ofSeconds(60);

  /**
   * Telemetry on for this deployment only (the product's default is off; see arquillian.xml for why
   * not for the whole test server): sample only requests that arrive with a sampled traceparent,
   * export their spans over OTLP/HTTP to the test's receiver every 100 ms.
   */
  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    OtlpReceiver.install();
    return Deployments.builtEarWithConfig(
        "otel.sdk.disabled=false",
        "otel.traces.sampler=parentbased_always_off",
        "otel.exporter.otlp.protocol=http/protobuf",
        "otel.exporter.otlp.traces.protocol=http/protobuf",
        "otel.exporter.otlp.endpoint=" + System.getProperty("eventcore.it.otlp.endpoint"),
        "otel.metrics.exporter=none",
        "otel.logs.exporter=none",
        "otel.bsp.schedule.delay=100");
  }

  @Test
  void aTransferIsTracedFromTheCallersSpanThroughEveryPhaseOfTheCommand() throws Exception {
    String alice = Api.fresh("alice");
    String bob = Api.fresh("bob");
    assertThat(Api.openAccount(alice, 1000).statusCode()).isEqualTo(201);
    assertThat(Api.openAccount(bob, 0).statusCode()).isEqualTo(201);
    String traceId = randomHex(16);
    String callerSpanId = randomHex(8);

    HttpResponse<String> transfer =
        Http.postJson(
            Api.url("/transfers"),
            "{\"from\":\"" + alice + "\",\"to\":\"" + bob + "\",\"amount\":300}",
            "traceparent",
            "00-" + traceId + "-" + callerSpanId + "-01");
    assertThat(transfer.statusCode()).as(transfer.body()).isEqualTo(200);

    List<Span> spans =
        awaitSpans(
            traceId,
            found -> named(found, "eventcore.command").isPresent() && server(found).isPresent());
    Span server = server(spans).orElseThrow();
    Span command = named(spans, "eventcore.command").orElseThrow();
    assertThat(hex(server.getParentSpanId().toByteArray()))
        .as("the server span continues the caller's trace")
        .isEqualTo(callerSpanId);
    assertThat(server.getName()).contains("/transfers");
    assertThat(parentOf(command)).isEqualTo(hex(server.getSpanId().toByteArray()));

    Map<String, AnyValue> attributes = attributes(command);
    assertThat(attributes.get("command.type").getStringValue()).isEqualTo("TransferMoney");
    assertThat(attributes.get("command.success").getBoolValue()).isTrue();
    assertThat(attributes.get("command.outcome").getStringValue()).isEqualTo("success");
    assertThat(attributes.get("command.attempts").getIntValue()).isEqualTo(1);
    assertThat(attributes.get("events.count").getIntValue()).isEqualTo(2);
    assertThat(attributes.get("streams.count").getIntValue()).isEqualTo(2);

    List<Span> attempts = all(spans, "eventcore.attempt");
    assertThat(attempts).hasSize(1);
    Span attempt = attempts.get(0);
    assertThat(parentOf(attempt)).isEqualTo(hex(command.getSpanId().toByteArray()));
    String attemptId = hex(attempt.getSpanId().toByteArray());
    for (String phase :
        List.of(
            "eventcore.read-streams",
            "eventcore.fold",
            "eventcore.decide",
            "eventcore.append",
            "eventcore.commit")) {
      assertThat(all(spans, phase)).as(phase).isNotEmpty();
      assertThat(all(spans, phase))
          .as(phase)
          .allSatisfy(s -> assertThat(parentOf(s)).isEqualTo(attemptId));
    }
    Span append = named(spans, "eventcore.append").orElseThrow();
    assertThat(attributes(append).get("events.count").getIntValue()).isEqualTo(2);
    assertThat(attributes(append).get("streams.count").getIntValue()).isEqualTo(2);
    Span read = named(spans, "eventcore.read-streams").orElseThrow();
    Span commit = named(spans, "eventcore.commit").orElseThrow();
    assertThat(commit.getStartTimeUnixNano())
        .as("the commit follows the append")
        .isGreaterThanOrEqualTo(append.getEndTimeUnixNano());
    assertThat(append.getStartTimeUnixNano()).isGreaterThanOrEqualTo(read.getEndTimeUnixNano());

    String commandSpanId = hex(command.getSpanId().toByteArray());
    for (String account : List.of(alice, bob)) {
      JsonObject stream = Api.json(Http.get(Api.url("/streams/account-" + account)));
      JsonObject last =
          stream.getJsonArray("events").getJsonObject(stream.getJsonArray("events").size() - 1);
      assertThat(last.getString("type")).startsWith("Transfer");
      assertThat(last.getJsonObject("metadata").getString("traceId")).isEqualTo(traceId);
      assertThat(last.getJsonObject("metadata").getString("spanId")).isEqualTo(commandSpanId);
    }
  }

  @Test
  void aRejectedCommandIsTracedAsAFailureWithItsErrorType() throws Exception {
    String carol = Api.fresh("carol");
    String dave = Api.fresh("dave");
    assertThat(Api.openAccount(carol, 10).statusCode()).isEqualTo(201);
    assertThat(Api.openAccount(dave, 0).statusCode()).isEqualTo(201);
    String traceId = randomHex(16);

    HttpResponse<String> refused =
        Http.postJson(
            Api.url("/transfers"),
            "{\"from\":\"" + carol + "\",\"to\":\"" + dave + "\",\"amount\":300}",
            "traceparent",
            "00-" + traceId + "-" + randomHex(8) + "-01");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);

    List<Span> spans = awaitSpans(traceId, found -> named(found, "eventcore.command").isPresent());
    Span command = named(spans, "eventcore.command").orElseThrow();
    Map<String, AnyValue> attributes = attributes(command);
    assertThat(attributes.get("command.success").getBoolValue()).isFalse();
    assertThat(attributes.get("command.outcome").getStringValue()).isEqualTo("rejected");
    assertThat(attributes.get("error.type").getStringValue())
        .isEqualTo("BusinessRuleViolationException");
    assertThat(command.getStatus().getCode().name()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(all(spans, "eventcore.append")).as("nothing was appended").isEmpty();
    assertThat(named(spans, "eventcore.decide").orElseThrow().getStatus().getCode().name())
        .isEqualTo("STATUS_CODE_ERROR");
  }

  private static List<Span> awaitSpans(String traceId, Predicate<List<Span>> complete)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(EXPORT_DEADLINE);
    List<Span> spans = OtlpReceiver.spansOf(traceId);
    while (!complete.test(spans)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "The spans of trace "
                + traceId
                + " did not reach the OTLP receiver within "
                + EXPORT_DEADLINE
                + "; received: "
                + spans.stream().map(Span::getName).toList());
      }
      Thread.sleep(100);
      spans = OtlpReceiver.spansOf(traceId);
    }
    return spans;
  }

  private static Optional<Span> server(List<Span> spans) {
    return spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst();
  }

  private static Optional<Span> named(List<Span> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst();
  }

  private static List<Span> all(List<Span> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static String parentOf(Span span) {
    return hex(span.getParentSpanId().toByteArray());
  }

  private static Map<String, AnyValue> attributes(Span span) {
    return span.getAttributesList().stream()
        .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }

  private static String hex(byte[] bytes) {
    return OtlpReceiver.hex(bytes);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
