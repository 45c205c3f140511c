package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/** The generic event-store API over HTTP: multi-stream appends, the feed, server-sent events. */
@EventCoreServerTest
@RunAsClient
class EventsApiIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  private static String event(String type) {
    return "{\"type\":\"" + type + "\",\"data\":{\"n\":1}}";
  }

  /** The cursor after everything in the feed now. */
  private static String endOfFeed() {
    String cursor = "";
    while (true) {
      HttpResponse<String> response = Http.get(Api.url("/events?limit=10000&after=" + cursor));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonObject page = Api.json(response);
      if (page.getJsonArray("events").isEmpty()) {
        return page.getString("next");
      }
      cursor = page.getString("next");
    }
  }

  @Test
  void severalStreamsAreAppendedAtomicallyWithTheirExpectations() {
    String a = Api.fresh("multi-a");
    String b = Api.fresh("multi-b");
    String body =
        "{\"streams\":[{\"streamId\":\""
            + a
            + "\",\"expectedVersion\":\"no_stream\",\"events\":["
            + event("A1")
            + ","
            + event("A2")
            + "]},"
            + "{\"streamId\":\""
            + b
            + "\",\"expectedVersion\":0,\"events\":["
            + event("B1")
            + "]}]}";

    HttpResponse<String> created =
        Http.postJson(Api.url("/events"), body, "X-Correlation-Id", "corr-" + a);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(Api.json(created).getJsonArray("events")).hasSize(3);
    assertThat(created.headers().firstValue("X-Correlation-Id")).contains("corr-" + a);
    JsonObject stream = Api.json(Http.get(Api.url("/streams/" + a)));
    assertThat(stream.getInt("version")).isEqualTo(2);
    assertThat(
            stream
                .getJsonArray("events")
                .getJsonObject(0)
                .getJsonObject("metadata")
                .getString("correlationId"))
        .isEqualTo("corr-" + a);

    // b is at 1 now: a second append expecting 0 on b and anything on a fails as a whole
    String stale =
        "{\"streams\":[{\"streamId\":\""
            + a
            + "\",\"events\":["
            + event("A3")
            + "]},"
            + "{\"streamId\":\""
            + b
            + "\",\"expectedVersion\":0}]}";
    HttpResponse<String> conflict = Http.postJson(Api.url("/events"), stale);
    assertThat(conflict.statusCode()).isEqualTo(409);
    JsonObject problem = Api.json(conflict);
    assertThat(problem.getString("code")).isEqualTo("ES001");
    assertThat(problem.getJsonArray("streams").getJsonObject(0).getString("streamId")).isEqualTo(b);
    assertThat(problem.getJsonArray("streams").getJsonObject(0).getInt("actual")).isEqualTo(1);
    assertThat(Api.json(Http.get(Api.url("/streams/" + a))).getInt("version")).isEqualTo(2);
  }

  @Test
  void streamReadsHonourRangeDirectionAndETag() {
    String s = Api.fresh("read");
    Http.postJson(
        Api.url("/streams/" + s + "/events"),
        "[" + event("E1") + "," + event("E2") + "," + event("E3") + "]");

    HttpResponse<String> backward =
        Http.get(Api.url("/streams/" + s + "?direction=backward&limit=2"));
    assertThat(backward.headers().firstValue("ETag")).contains("\"3\"");
    assertThat(
            Api.json(backward).getJsonArray("events").stream()
                .map(e -> e.asJsonObject().getString("type")))
        .containsExactly("E3", "E2");
    assertThat(Api.json(Http.get(Api.url("/streams/" + s + "?from=2"))).getJsonArray("events"))
        .hasSize(2);
    assertThat(Http.get(Api.url("/streams/" + s + "?direction=sideways")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void theFeedPagesThroughNewEventsExactlyOnce() {
    String start = endOfFeed();
    String s = Api.fresh("feed");
    for (int i = 0; i < 5; i++) {
      Http.postJson(Api.url("/streams/" + s + "/events"), "[" + event("F" + i) + "]");
    }
    List<String> seen = new ArrayList<>();
    String cursor = start;
    // the feed shows a committed event once no older transaction is still running (the feed
    // horizon, ADR 0002): a projection's batch may hold it back for a moment, so page on until the
    // five are seen, within a bound, then check that nothing follows them
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (seen.size() < 5 && System.nanoTime() < deadline) {
      JsonObject page = Api.json(Http.get(Api.url("/events?limit=2&after=" + cursor)));
      if (page.getJsonArray("events").isEmpty()) {
        Thread.onSpinWait();
        continue;
      }
      page.getJsonArray("events").forEach(e -> seen.add(e.asJsonObject().getString("type")));
      cursor = page.getString("next");
    }
    assertThat(seen).containsExactly("F0", "F1", "F2", "F3", "F4");
    assertThat(
            Api.json(Http.get(Api.url("/events?limit=2&after=" + cursor))).getJsonArray("events"))
        .as("each event once")
        .isEmpty();
    assertThat(Http.get(Api.url("/events?after=garbage")).statusCode()).isEqualTo(400);
  }

  @Test
  void aRawAppendIsIdempotentToo() {
    String s = Api.fresh("idem");
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first =
        Http.postJson(
            Api.url("/streams/" + s + "/events"),
            "[" + event("Once") + "]",
            "Idempotency-Key",
            key);
    HttpResponse<String> again =
        Http.postJson(
            Api.url("/streams/" + s + "/events"),
            "[" + event("Once") + "]",
            "Idempotency-Key",
            key);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(Api.json(Http.get(Api.url("/streams/" + s))).getInt("version")).isEqualTo(1);
  }

  @Test
  void malformedEventBodiesAreBadRequests() {
    String url = Api.url("/streams/" + Api.fresh("bad") + "/events");
    assertThat(Api.json(Http.postJson(url, "[{\"type\":\"A\"}]")).getString("field"))
        .isEqualTo("events[0].data");
    assertThat(
            Api.json(Http.postJson(url, "[{\"type\":\"A\",\"data\":1,\"colour\":\"red\"}]"))
                .getString("field"))
        .isEqualTo("events[0].colour");
    assertThat(Http.postJson(url, "[]").statusCode()).isEqualTo(400);
    assertThat(
            Http.postJson(
                    Api.url("/events"),
                    "{\"streams\":[{\"streamId\":\"x\",\"expectedVersion\":\"later\"}]}")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void aServerSentEventsSubscriberGetsTheBacklogAndThenNewEventsOnce() throws Exception {
    String start = endOfFeed();
    String s = Api.fresh("sse");
    Http.postJson(Api.url("/streams/" + s + "/events"), "[" + event("Before") + "]");

    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        Http.authorized(
            HttpRequest.newBuilder(URI.create(Api.url("/events/stream?after=" + start)))
                .header("Accept", "text/event-stream")
                .build());
    InputStream body = client.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
    List<String> types = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith("id:")) {
                    ids.add(line.substring(3).trim());
                  }
                  if (line.startsWith("data:")) {
                    JsonObject event =
                        jakarta.json.Json.createReader(
                                new java.io.StringReader(line.substring(5).trim()))
                            .readObject();
                    if (event.getString("streamId").equals(s)) {
                      synchronized (types) {
                        types.add(event.getString("type"));
                        if (types.size() == 3) {
                          return;
                        }
                      }
                    }
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    Thread.sleep(500);
    Http.postJson(Api.url("/streams/" + s + "/events"), "[" + event("After1") + "]");
    Http.postJson(Api.url("/streams/" + s + "/events"), "[" + event("After2") + "]");

    reader.get(30, TimeUnit.SECONDS);
    body.close();
    assertThat(types).containsExactly("Before", "After1", "After2");
    assertThat(ids).doesNotHaveDuplicates();
  }
}
