package org.eventcore.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP against the server under test. */
final class Http {

  /**
   * The suite's client. On Payara it speaks HTTP/1.1: over Grizzly's HTTP/2 in clear text (h2c,
   * which the JDK client asks for by default) a request that Grizzly refuses or answers early (a
   * header block over its limit, a protocol error, a 413 before the body has been read) leaves the
   * client's later requests on that connection unanswered until they time out, so one test would
   * break the classes after it (ADR 0011). WildFly's h2c has no such trouble and is tested with it;
   * fresh clients of both versions are checked after the hostile-input fuzz on both.
   */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(payara() ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private Http() {}

  /**
   * The port offset of the server under test: {@code it.port.offset} for WildFly, 500 more for
   * Payara (whose other ports, Payara's defaults plus the offset, then miss WildFly's).
   */
  static int offset() {
    return Integer.getInteger("it.port.offset", 0) + (payara() ? 500 : 0);
  }

  /** Whether this run tests the Payara EAR on Payara Server ({@code -Dit.server=payara}). */
  static boolean payara() {
    return "payara".equals(System.getProperty("it.server"));
  }

  /** The application's base URL, e.g. {@code http://localhost:18080}. */
  static String app() {
    return "http://localhost:" + (8080 + offset());
  }

  /**
   * Where health is served: WildFly's management interface; on Payara the HTTP port, like the API.
   */
  static String management() {
    return payara() ? app() : "http://localhost:" + (9990 + offset());
  }

  /**
   * The server log of the server under test: WildFly's {@code standalone/log/server.log}, or the
   * {@code logs/server.log} of the Payara test domain ({@link ServerDatabase#PAYARA_DOMAIN}).
   */
  static java.nio.file.Path serverLog() {
    return payara()
        ? java.nio.file.Path.of(
            System.getProperty("payara.home"),
            "glassfish",
            "domains",
            ServerDatabase.PAYARA_DOMAIN,
            "logs",
            "server.log")
        : java.nio.file.Path.of(
            System.getProperty("jboss.home"), "standalone", "log", "server.log");
  }

  /**
   * The current file of EventCore's structured log (ADR 0015): WildFly's {@code
   * standalone/log/eventcore.json.log}, or the Payara test domain's {@code
   * logs/eventcore.json.log.0} (PayaraDomain's file handler numbers its files).
   */
  static java.nio.file.Path structuredLog() {
    return payara()
        ? serverLog().resolveSibling("eventcore.json.log.0")
        : serverLog().resolveSibling("eventcore.json.log");
  }

  /**
   * Why a test of the WildFly EAR's own metrics servlet (its role check, its response headers) does
   * not run on Payara: there {@code /metrics} is Payara's MicroProfile Metrics, outside the
   * application, and its access is Payara's setting ({@code asadmin set-metrics-configuration
   * --securityenabled=true}, README "Deploying to Payara Server"; ADR 0011).
   */
  static final String PAYARA_OWN_METRICS =
      "WildFly only: on Payara /metrics is the server's own MicroProfile Metrics, not the EAR's"
          + " servlet; its access is set with asadmin set-metrics-configuration (ADR 0011)";

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static HttpResponse<String> postJson(String url, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  /**
   * Sends the request with the default bearer token ({@link Tokens#defaultToken()}) unless it has
   * an {@code Authorization} header of its own.
   */
  static HttpResponse<String> send(HttpRequest.Builder request) {
    return sendBuilt(authorized(request.timeout(Duration.ofSeconds(30)).build()));
  }

  /** Sends the request exactly as built: no default token (for tests of authentication). */
  static HttpResponse<String> sendWithoutDefaultToken(HttpRequest.Builder request) {
    return sendBuilt(request.timeout(Duration.ofSeconds(30)).build());
  }

  /** The request with the default bearer token, unless it carries an Authorization header. */
  static HttpRequest authorized(HttpRequest request) {
    if (request.headers().firstValue("Authorization").isPresent()) {
      return request;
    }
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .header("Authorization", "Bearer " + Tokens.defaultToken())
        .build();
  }

  private static HttpResponse<String> sendBuilt(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Polls {@code /health/ready} until it answers {@code status} (at most 60 s) and returns that
   * answer; fails with the last answer otherwise.
   */
  static HttpResponse<String> awaitReadiness(int status) throws InterruptedException {
    String readiness = management() + "/health/ready";
    java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofSeconds(60));
    HttpResponse<String> last = get(readiness);
    while (last.statusCode() != status && java.time.Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
      last = get(readiness);
    }
    org.assertj.core.api.Assertions.assertThat(last.statusCode())
        .as("readiness never answered %s; last: %s", status, last.body())
        .isEqualTo(status);
    return last;
  }
}
