package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.engine.SourceOfRandomness;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Hostile input at scale: requests generated from the OpenAPI document the service serves ({@code
 * /openapi}), for every operation in it — malformed and hostile bodies (broken, truncated, wrongly
 * typed, unknown fields, deep nesting, oversized, invalid UTF-8, NUL bytes), content types, {@code
 * Accept} headers, header values, path and query values (over-long, control characters, unicode,
 * garbage cursors, out-of-range numbers), wrong methods. Every answer must be below 500, every 4xx
 * an {@code application/problem+json} document (401, 403 and 429 from an authentication layer are
 * accepted as they come), and the database must be unchanged afterwards: every write request is
 * invalid by construction (its body carries at least one defect that no valid request has, and ids
 * name nothing that exists).
 *
 * <p>The values come from jqwik arbitraries sampled from jqwik's source of randomness and from a
 * {@link Random}, both seeded, and are all generated before the first request is sent, so a run is
 * reproducible: {@code -Dfuzz.seed=} (default {@value #DEFAULT_SEED}) and {@code -Dfuzz.requests=}
 * (default {@value #DEFAULT_REQUESTS} in {@code ./mvnw verify}). The full run, 10,000 requests,
 * this test alone (after {@code ./mvnw install -DskipTests}):
 *
 * <pre>
 * ./mvnw -pl eventcore-it -Pfuzz verify
 * </pre>
 *
 * A failure names the seed and every request that failed, with its answer.
 */
@EventCoreServerTest
@RunAsClient
class HostileInputFuzzIT {

  static final long DEFAULT_SEED = 20261202L;
  static final int DEFAULT_REQUESTS = 1500;
  private static final int MAX_BODY = 1024 * 1024;

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  record Operation(String method, String path, JsonObject spec) {
    boolean writes() {
      return !method.equals("GET");
    }
  }

  record Sent(String description, URI uri, int status, String contentType, String body) {}

  @Test
  void generatedHostileRequestsNeverGetA5xxAlwaysAProblemAndChangeNothing() throws Exception {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int requests = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);
    JsonObject openApi = openApi();
    List<Operation> operations = operations(openApi);
    assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(20);
    Map<String, Long> before = databaseState();

    List<HttpRequest.Builder> generated = new ArrayList<>(requests);
    List<String> descriptions = new ArrayList<>(requests);
    Map<String, AtomicInteger> perOperation = new LinkedHashMap<>();
    operations.forEach(op -> perOperation.put(op.method() + " " + op.path(), new AtomicInteger()));
    Generator generator = new Generator(seed, openApi);
    for (int i = 0; i < requests; i++) {
      Operation operation = operations.get(i % operations.size());
      StringBuilder description = new StringBuilder();
      generated.add(generator.request(operation, description));
      descriptions.add(description.toString());
      perOperation.get(operation.method() + " " + operation.path()).incrementAndGet();
    }

    List<Sent> failures = new ArrayList<>();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<Sent>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      HttpRequest.Builder request = generated.get(i);
      URI uri = request.copy().build().uri();
      String description = descriptions.get(i);
      answers.add(
          clients.submit(
              () -> {
                HttpResponse<String> response;
                try {
                  response = Http.send(request);
                } catch (java.io.UncheckedIOException e) {
                  return new Sent(description, uri, -1, "", "no answer: " + e.getCause());
                }
                return new Sent(
                    description,
                    uri,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
              }));
    }
    for (Future<Sent> answer : answers) {
      Sent sent = answer.get(5, TimeUnit.MINUTES);
      statuses.computeIfAbsent(sent.status(), s -> new AtomicInteger()).incrementAndGet();
      if (!acceptable(sent)) {
        failures.add(sent);
      }
    }
    clients.shutdown();
    System.out.printf(
        "FUZZ seed=%d requests=%d operations=%d statuses=%s%n",
        seed, requests, operations.size(), new java.util.TreeMap<>(statuses));

    // the server still serves a client that comes afterwards, on a connection of its own, in
    // each HTTP version (HTTP/2 by the h2c upgrade where the server offers it)
    String stream = Api.fresh("after-fuzz");
    for (HttpClient.Version version : HttpClient.Version.values()) {
      HttpClient fresh =
          HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> after =
          fresh.send(
              Http.authorized(
                  HttpRequest.newBuilder(URI.create(Api.url("/streams/" + stream)))
                      .timeout(Duration.ofSeconds(30))
                      .GET()
                      .build()),
              HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode())
          .as("%s after the fuzz: %s", version, after.body())
          .isEqualTo(200);
      assertThat(Api.json(after).getInt("version")).isZero();
    }

    assertThat(failures)
        .as(
            "requests unanswered, answers >= 500, or errors that are not problem+json (seed %d): %s",
            seed, failures)
        .isEmpty();
    assertThat(perOperation.values())
        .as("every operation of the document was fuzzed")
        .allSatisfy(count -> assertThat(count.get()).isPositive());
    assertThat(databaseState()).as("the database is unchanged").isEqualTo(before);
  }

  private static boolean acceptable(Sent sent) {
    if (sent.status() < 0 || sent.status() >= 500) { // unanswered, or a server error
      return false;
    }
    if (sent.status() == 401 || sent.status() == 403 && !sent.body().contains("\"code\"")) {
      return true; // an authentication layer in front of the API answers in its own way
    }
    if (sent.status() == 429) {
      return true;
    }
    if (Http.payara() && nulInPathRefusedByCatalina(sent)) {
      return true;
    }
    return sent.status() < 400 || sent.contentType().startsWith("application/problem+json");
  }

  /**
   * Payara's web container (Catalina's {@code CoyoteAdapter}) normalizes every decoded request path
   * and answers one with a NUL byte ({@code %00}) with a bare {@code 400 Invalid URI}: no body,
   * before any filter, valve or application code can answer it (ADR 0011). Exactly that answer is
   * accepted on Payara, and only for a path that holds a NUL; WildFly's answer is the API's problem
   * document.
   */
  private static boolean nulInPathRefusedByCatalina(Sent sent) {
    return sent.status() == 400
        && sent.body().isEmpty()
        && sent.uri().getPath().indexOf('\u0000') >= 0;
  }

  private static JsonObject openApi() {
    HttpResponse<String> response =
        Http.send(
            HttpRequest.newBuilder(URI.create(Http.app() + "/openapi?format=JSON"))
                .header("Accept", "application/json"));
    assertThat(response.statusCode()).isEqualTo(200);
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  private static List<Operation> operations(JsonObject openApi) {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonValue> path : openApi.getJsonObject("paths").entrySet()) {
      for (Map.Entry<String, JsonValue> method : path.getValue().asJsonObject().entrySet()) {
        if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
          operations.add(
              new Operation(
                  method.getKey().toUpperCase(java.util.Locale.ROOT),
                  path.getKey(),
                  method.getValue().asJsonObject()));
        }
      }
    }
    return operations;
  }

  /** What a hostile request must not change: every EventCore table's size and the feed's end. */
  private static Map<String, Long> databaseState() throws Exception {
    Map<String, Long> state = new LinkedHashMap<>();
    try (Connection connection = ServerDatabase.database().connect();
        Statement query = connection.createStatement()) {
      for (String sql :
          List.of(
              "select count(*) from eventcore.events",
              "select coalesce(max(global_position), 0) from eventcore.events",
              "select count(*) from eventcore.streams",
              "select coalesce(sum(version), 0) from eventcore.streams",
              "select count(*) from eventcore.command_results")) {
        try (ResultSet rows = query.executeQuery(sql)) {
          rows.next();
          state.put(sql, rows.getLong(1));
        }
      }
    }
    return state;
  }

  /** Draws every part of a request from jqwik arbitraries with the run's seeded random. */
  static final class Generator {
    private final Random random;
    private final JsonObject openApi;

    private static final Arbitrary<String> HOSTILE_TEXT =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                " ",
                "-1",
                "0",
                "99999999999999999999999",
                "-9223372036854775809",
                "1e400",
                "NaN",
                "null",
                "true",
                "[]",
                "{}",
                "\"",
                "'; drop table eventcore.events; --",
                "../../etc/passwd",
                "%00",
                "\u0000",
                "a\nb",
                "\r\n",
                "\u202e\u0041",
                "\uD83D\uDE00",
                "\uFFFF",
                "zz-not-a-cursor",
                "fuzz:1:2:3"),
            Arbitraries.strings().all().ofMinLength(0).ofMaxLength(40),
            Arbitraries.strings().withCharRange('a', 'z').ofLength(256),
            Arbitraries.strings().ascii().ofMinLength(1000).ofMaxLength(5000));

    private static final Arbitrary<String> CONTENT_TYPES =
        Arbitraries.of(
            "application/json",
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=utf-16",
            "application/json; charset=nonsense",
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/merge-patch+json",
            "*/*",
            "garbage",
            "");

    private static final Arbitrary<String> ACCEPTS =
        Arbitraries.of(
            "application/json",
            "*/*",
            "application/problem+json",
            "text/html",
            "application/xml",
            "image/png",
            "text/event-stream",
            "garbage/",
            "text/html;q=high",
            "application/json, */*;q=2",
            ";;;");

    private static final Arbitrary<Integer> DEFECTS = Arbitraries.integers().between(0, 12);

    /** Seeds jqwik's source of randomness for the calling thread (the one that generates). */
    Generator(long seed, JsonObject openApi) {
      this.random = new Random(seed);
      this.openApi = openApi;
      SourceOfRandomness.create(Long.toString(seed));
    }

    /**
     * One value of {@code arbitrary}. Sampling works outside jqwik's engine and draws from jqwik's
     * source of randomness for this thread, which {@link Generator#Generator} seeds.
     */
    private <T> T draw(Arbitrary<T> arbitrary) {
      return arbitrary.sample();
    }

    HttpRequest.Builder request(Operation operation, StringBuilder description) {
      StringBuilder path = new StringBuilder();
      String template = operation.path();
      int at = 0;
      while (at < template.length()) {
        int open = template.indexOf('{', at);
        if (open < 0) {
          path.append(template, at, template.length());
          break;
        }
        path.append(template, at, open);
        int close = template.indexOf('}', open);
        path.append(encode(pathValue()));
        at = close + 1;
      }
      StringBuilder query = new StringBuilder();
      List<String[]> headers = new ArrayList<>();
      for (JsonObject parameter : parameters(operation)) {
        String in = parameter.getString("in");
        String name = parameter.getString("name");
        boolean sse = operation.path().endsWith("/events/stream");
        if (!sse && random.nextInt(3) == 0) {
          continue; // leave this one out
        }
        String value = sse ? "zz-" + draw(HOSTILE_TEXT) : draw(HOSTILE_TEXT);
        if (in.equals("query")) {
          query
              .append(query.length() == 0 ? "?" : "&")
              .append(name)
              .append('=')
              .append(encode(value));
        } else if (in.equals("header")) {
          headers.add(new String[] {name, headerSafe(value)});
        }
      }
      if (random.nextInt(5) == 0) {
        query
            .append(query.length() == 0 ? "?" : "&")
            .append("fuzz=")
            .append(encode(draw(HOSTILE_TEXT)));
      }
      String method = operation.method();
      if (random.nextInt(25) == 0) {
        method = List.of("PUT", "DELETE", "PATCH", "OPTIONS").get(random.nextInt(4));
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.app() + path + query));
      for (String[] header : headers) {
        request.header(header[0], header[1]);
      }
      if (random.nextInt(4) == 0) {
        String accept = draw(ACCEPTS);
        request.header("Accept", accept);
        description.append(" Accept=").append(accept);
      } else {
        request.header("Accept", "application/json");
      }
      description.append(method).append(' ').append(path).append(query);
      if (operation.writes() || random.nextInt(10) == 0) {
        byte[] body = body(operation, description);
        String contentType = draw(CONTENT_TYPES);
        if (!contentType.isEmpty()) {
          request.header("Content-Type", contentType);
        }
        description.append(" [").append(contentType).append("] ");
        request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      headers.forEach(
          h -> description.append(' ').append(h[0]).append('=').append(abbreviate(h[1])));
      return request;
    }

    /** An id that names nothing: "fuzz-" and a number, or hostile text. */
    private String pathValue() {
      return random.nextBoolean() ? "fuzz-" + random.nextInt(1_000_000) : draw(HOSTILE_TEXT);
    }

    private List<JsonObject> parameters(Operation operation) {
      List<JsonObject> parameters = new ArrayList<>();
      JsonArray declared = operation.spec().getJsonArray("parameters");
      if (declared != null) {
        for (JsonValue value : declared) {
          parameters.add(resolve(value.asJsonObject()));
        }
      }
      return parameters;
    }

    private JsonObject resolve(JsonObject maybeRef) {
      if (!maybeRef.containsKey("$ref")) {
        return maybeRef;
      }
      JsonValue target = openApi;
      for (String part : maybeRef.getString("$ref").substring(2).split("/")) {
        target = target.asJsonObject().get(part);
      }
      return resolve(target.asJsonObject());
    }

    /**
     * A body with at least one defect no valid request has: a proper prefix of a JSON document, a
     * top-level value of the wrong kind, an unknown field, a field of the wrong type, nesting far
     * too deep, invalid UTF-8 or NUL outside strings, NUL inside a string, more than the size
     * limit, or no body.
     */
    private byte[] body(Operation operation, StringBuilder description) {
      String valid = exampleBody(operation);
      int defect = draw(DEFECTS);
      description.append(" defect=").append(defect);
      String text =
          switch (defect) {
            case 0 -> valid.substring(0, random.nextInt(Math.max(1, valid.length() - 1)));
            case 1 ->
                List.of("\"text\"", "42", "null", "true", "-0.0e-0", "\"\"").get(random.nextInt(6));
            case 2 -> valid.startsWith("[") ? "{\"events\":" + valid + "}" : "[" + valid + "]";
            case 3 -> withUnknownField(valid);
            case 4 -> withWrongTypes(valid);
            case 5 -> "[".repeat(20_000) + "]".repeat(20_000);
            case 6 -> "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
            case 7 -> null; // invalid UTF-8, below
            case 8 ->
                valid.substring(0, valid.length() - 1)
                    + "\u0000"
                    + valid.substring(valid.length() - 1);
            case 9 -> "{\"pad\":\"" + "x".repeat(MAX_BODY + 10) + "\"}";
            case 10 -> "";
            case 11 -> valid + "}{" + draw(HOSTILE_TEXT);
            default -> withNulInAString(valid);
          };
      if (text == null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] head = valid.getBytes(StandardCharsets.UTF_8);
        int cut = Math.max(1, head.length / 2);
        bytes.write(head, 0, cut);
        bytes.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE}, 0, 4);
        bytes.write(head, cut, head.length - cut);
        return bytes.toByteArray();
      }
      description.append(' ').append(abbreviate(text));
      return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A plausible body for the operation, built from its schema (ids that name nothing). */
    private String exampleBody(Operation operation) {
      JsonObject requestBody = operation.spec().getJsonObject("requestBody");
      if (requestBody == null) {
        return "{\"fuzz\":1}";
      }
      JsonObject content = resolve(requestBody).getJsonObject("content");
      JsonObject media = content.getJsonObject(content.keySet().iterator().next());
      if (media == null || !media.containsKey("schema")) {
        return "{\"fuzz\":1}";
      }
      return instance(resolve(media.getJsonObject("schema")), 0).toString();
    }

    private JsonValue instance(JsonObject schema, int depth) {
      schema = resolve(schema);
      if (schema.containsKey("oneOf")) {
        return instance(schema.getJsonArray("oneOf").getJsonObject(0), depth);
      }
      String type =
          schema.getString("type", schema.containsKey("properties") ? "object" : "string");
      return switch (type) {
        case "object" -> {
          var object = Json.createObjectBuilder();
          JsonObject properties = schema.getJsonObject("properties");
          if (properties != null && depth < 4) {
            properties.forEach(
                (name, property) -> object.add(name, instance(property.asJsonObject(), depth + 1)));
          }
          yield object.build();
        }
        case "array" -> {
          var array = Json.createArrayBuilder();
          if (schema.containsKey("items") && depth < 4) {
            array.add(instance(schema.getJsonObject("items"), depth + 1));
          }
          yield array.build();
        }
        case "integer", "number" -> Json.createValue(1 + random.nextInt(5));
        case "boolean" -> JsonValue.TRUE;
        default ->
            Json.createValue(
                schema.containsKey("enum")
                    ? schema.getJsonArray("enum").getString(0, "fuzz")
                    : "fuzz-" + random.nextInt(1_000_000));
      };
    }

    /** The JSON escape of NUL in a string (PostgreSQL stores no NUL), or a broken document. */
    private static String withNulInAString(String valid) {
      int quote = valid.indexOf('"');
      return quote < 0
          ? valid + "\\u0000"
          : valid.substring(0, quote + 1) + "\\u0000" + valid.substring(quote + 1);
    }

    private String withUnknownField(String valid) {
      String field = "\"fuzz_unknown_" + random.nextInt(1000) + "\":" + "1";
      if (valid.startsWith("{")) {
        return valid.equals("{}") ? "{" + field + "}" : "{" + field + "," + valid.substring(1);
      }
      // an array of events: the unknown field goes into the first
      int brace = valid.indexOf('{');
      return brace < 0
          ? "[{" + field + "}]"
          : valid.substring(0, brace + 1) + field + "," + valid.substring(brace + 1);
    }

    /** Every number becomes a string, an object, a fraction or far out of range. */
    private String withWrongTypes(String valid) {
      String replacement =
          List.of("\"ten\"", "{\"n\":1}", "1.5", "1e400", "99999999999999999999999", "[1]")
              .get(random.nextInt(6));
      String replaced = valid.replaceAll(":\\s*-?\\d+(\\.\\d+)?", ":" + replacement);
      if (!replaced.equals(valid)) {
        return replaced;
      }
      // no number in it: a string field becomes an object
      return valid.replaceFirst(":\\s*\"[^\"]*\"", ":{\"fuzz\":[]}");
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Header values the HTTP client accepts (no control characters), hostile otherwise. */
    private static String headerSafe(String value) {
      StringBuilder safe = new StringBuilder();
      value
          .codePoints()
          .forEach(c -> safe.appendCodePoint(c < 0x20 || c == 0x7F || c > 0xFF ? '?' : c));
      return safe.toString();
    }

    private static String abbreviate(String text) {
      return text.length() <= 120 ? text : text.substring(0, 120) + "…(" + text.length() + ")";
    }
  }
}
