package org.eventcore.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver (protobuf) for the spans the server under test exports: started once per
 * test JVM, before the server, on a free port that {@code arquillian.xml} hands to the server as
 * {@code otel.exporter.otlp.endpoint} ({@code eventcore.it.otlp.endpoint}). The test server samples
 * only requests whose W3C {@code traceparent} is sampled ({@code parentbased_always_off}), so it
 * receives the spans of the tests that ask for them and nothing else.
 */
final class OtlpReceiver {

  private static HttpServer server;
  private static final ConcurrentLinkedQueue<Span> SPANS = new ConcurrentLinkedQueue<>();

  private OtlpReceiver() {}

  /** Starts the receiver (once) and sets {@code eventcore.it.otlp.endpoint}. */
  static synchronized void install() {
    if (server != null) {
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", OtlpReceiver::receive);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> daemon(r)));
    server.start();
    System.setProperty(
        "eventcore.it.otlp.endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "otlp-receiver");
    thread.setDaemon(true);
    return thread;
  }

  /** Every span received so far whose trace id is {@code traceId} (hex). */
  static List<Span> spansOf(String traceId) {
    return SPANS.stream().filter(s -> hex(s.getTraceId().toByteArray()).equals(traceId)).toList();
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = bodyOf(exchange)) {
        body = in.readAllBytes();
      }
      if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
        for (ResourceSpans resource : request.getResourceSpansList()) {
          for (ScopeSpans scope : resource.getScopeSpansList()) {
            SPANS.addAll(scope.getSpansList());
          }
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private static InputStream bodyOf(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream body = exchange.getRequestBody();
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
  }
}
