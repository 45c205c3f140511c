package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Many server-sent-events subscribers at once, fed from one tail of the feed (ADR 0012): {@value
 * #SUBSCRIBERS} subscribers and {@value #WRITERS} writers, one client that stops reading. Every
 * subscriber sees every event once and in feed order, the server's thread count stays far below one
 * thread per subscriber, and the client that stopped reading is cut off without holding the others
 * back.
 *
 * <p>The deployment cuts a stalled subscriber off after 10 s (the default is 30 s). With {@code
 * -Dfanout.soak.seconds=60} the writers keep writing for that long, 10 writes a second each, and
 * the test prints the delay from each write's acknowledgement to its arrival at each subscriber
 * (the figures of the note; timings are printed, never asserted):
 *
 * <pre>
 * ./mvnw -pl eventcore-it verify -Dit.test=FeedFanOutIT -Dfanout.soak.seconds=60
 * </pre>
 */
@EventCoreServerTest
@RunAsClient
class FeedFanOutIT {

  static final int SUBSCRIBERS = 200;
  static final int WRITERS = 4;
  static final int EVENTS_PER_WRITER = 50;
  private static final int BACKLOG_EVENTS = 20_000;

  /** How many of the subscribers start a thousand events behind the others. */
  private static final int BEHIND = 10;

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEarWithConfig("eventcore.sse.stall-timeout-ms=10000");
  }

  @Test
  void everySubscriberSeesEveryEventOnceInOrderAndAStalledOneIsCutOff() throws Exception {
    long t0 = System.nanoTime();
    long logStart = Files.size(serverLog());
    String run = "fan-" + UUID.randomUUID().toString().substring(0, 8);
    // a backlog far larger than the socket buffers, for the client that will stop reading; nothing
    // else writes meanwhile, so the cursor of the last append is the end of the feed
    String filler = "{\"type\":\"Filler\",\"data\":{\"text\":\"" + "x".repeat(200) + "\"}}";
    String page = "[" + String.join(",", Collections.nCopies(1000, filler)) + "]";
    String start = "";
    String pageBehind = "";
    for (int i = 0; i < BACKLOG_EVENTS / 1000; i++) {
      HttpResponse<String> appended =
          Http.postJson(Api.url("/streams/" + run + "-backlog/events"), page);
      assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
      pageBehind = start;
      start = Api.json(appended).getString("cursor");
    }
    phase(t0, "backlog written");
    double threadsBefore = metric("thread_count");
    double heapBefore = soakMetric("memory_usedHeap_bytes");

    Socket stalled = stalledSubscriber(""); // the whole feed: the backlog at least
    HttpClient client = HttpClient.newHttpClient();
    List<Subscriber> subscribers = new ArrayList<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      Subscriber subscriber = new Subscriber(run);
      subscribers.add(subscriber);
      // a few start a thousand events behind the others: they catch up on pages of their own and
      // then share the others' reads, while the writers write
      String after = i % (SUBSCRIBERS / BEHIND) == 0 ? pageBehind : start;
      client.sendAsync(
          Http.authorized(
              HttpRequest.newBuilder(URI.create(Api.url("/events/stream?after=" + after)))
                  .header("Accept", "text/event-stream")
                  .build()),
          HttpResponse.BodyHandlers.fromLineSubscriber(subscriber));
    }
    for (Subscriber subscriber : subscribers) {
      assertThat(subscriber.opened.await(60, TimeUnit.SECONDS))
          .as("every subscription is answered")
          .isTrue();
    }
    phase(t0, "subscribers opened");
    double threadsWithSubscribers = metric("thread_count");

    long soakNanos = TimeUnit.SECONDS.toNanos(Long.getLong("fanout.soak.seconds", 0));
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    List<Future<Integer>> written = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String stream = run + "-w" + w;
      written.add(
          writers.submit(
              () -> {
                long until = System.nanoTime() + soakNanos;
                int seq = 0;
                while (seq < EVENTS_PER_WRITER || System.nanoTime() < until) {
                  HttpResponse<String> response =
                      Http.postJson(
                          Api.url("/streams/" + stream + "/events"),
                          "[{\"type\":\"Tick\",\"data\":{\"seq\":" + seq + "}}]");
                  assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                  acknowledged.put(stream + "/" + seq, System.nanoTime());
                  seq++;
                  if (soakNanos > 0) {
                    // pacing of the soak's load (10 writes/s per writer), not synchronisation: 200
                    // subscribers read by this one JVM on a shared machine take a bounded rate
                    Thread.sleep(100);
                  }
                }
                return seq;
              }));
    }
    int total = 0;
    for (Future<Integer> writer : written) {
      total += writer.get(10 + soakNanos / 1_000_000_000L * 2, TimeUnit.MINUTES);
    }
    writers.shutdown();
    phase(t0, "writes acknowledged");
    List<String> feedOrder = feedOrderOf(run, start);
    assertThat(feedOrder).as("the feed holds every write").hasSize(total);

    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    for (Subscriber subscriber : subscribers) {
      while (subscriber.count() < total && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
    }
    phase(t0, "every subscriber caught up");
    double threadsAtEnd = metric("thread_count");
    for (Subscriber subscriber : subscribers) {
      assertThat(subscriber.received())
          .as("a subscriber sees every event once, in the order of the feed")
          .containsExactlyElementsOf(feedOrder);
      assertThat(subscriber.ids).doesNotHaveDuplicates();
    }
    assertThat(Math.max(threadsWithSubscribers, threadsAtEnd) - threadsBefore)
        .as(
            "server threads before %s, with %s subscribers %s, at the end %s",
            threadsBefore, SUBSCRIBERS, threadsWithSubscribers, threadsAtEnd)
        .isLessThan(SUBSCRIBERS / 2.0);

    // the client that never read was cut off: the server says so, and only then does the test read
    // from it (a client that takes data is not stalled, and one that reads before the cut-off would
    // be fed the whole feed and then kept alive); its connection ends before the backlog it asked
    // for
    Instant cutOffDeadline = Instant.now().plus(Duration.ofMinutes(2));
    while (!newLogLines(logStart).contains("Cut off a server-sent-events subscriber")) {
      assertThat(Instant.now())
          .as("the server cuts the stalled subscriber off within 2 minutes")
          .isBefore(cutOffDeadline);
      Thread.sleep(200);
    }
    phase(t0, "stalled subscriber cut off");
    assertThat(readsToTheEnd(stalled))
        .as("the stalled subscriber's connection was closed by the server")
        .isTrue();

    phase(t0, "stalled subscriber checked");
    if (soakNanos > 0) {
      printDelays(subscribers, acknowledged, total, threadsBefore, threadsWithSubscribers);
      System.out.printf(
          "FANOUT heap_used_mb before=%.0f at_end=%.0f (%s)%n",
          heapBefore / 1e6, soakMetric("memory_usedHeap_bytes") / 1e6, "between collections");
    }
    subscribers.forEach(Subscriber::cancel);
    phase(t0, "subscribers cancelled");
  }

  /**
   * Prints how long the test has run when a phase ends, and this test JVM's heap in use, its live
   * threads and the CPU time it has used (where the time goes: in the suite the test took 267 s,
   * alone 44 s, and nearly all of the 267 s came after its last request to the server; never
   * asserted).
   */
  private static void phase(long start, String phase) {
    Runtime runtime = Runtime.getRuntime();
    long cpuNanos =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime()
            : -1;
    System.out.printf(
        "FANOUT %s after %.1f s (%s), test JVM: heap used %d of %d MB, %d threads, CPU %.1f s%n",
        phase,
        (System.nanoTime() - start) / 1e9,
        Instant.now(),
        (runtime.totalMemory() - runtime.freeMemory()) >> 20,
        runtime.maxMemory() >> 20,
        java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount(),
        cpuNanos / 1e9);
  }

  /**
   * A client that asks for the whole feed and never reads a byte. Its receive buffer is the
   * system's default, far below the backlog, so that once it reads (after the cut-off) the window
   * grows and what the server's kernel still holds arrives at once: with a 4 KB buffer set before
   * the connection, the window stayed at 3 KB and draining the server's megabytes took minutes
   * (most of this test's 267 s in the suite).
   */
  private static Socket stalledSubscriber(String after) throws Exception {
    Socket socket = new Socket();
    socket.connect(new java.net.InetSocketAddress("localhost", 8080 + Http.offset()));
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET /api/v1/events/stream?after="
                + after
                + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer "
                + Tokens.defaultToken()
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /**
   * Reads what the server sent until the connection ends (true) or nothing comes for 30 s (false:
   * the server still holds it open). The server had far more to send than the socket buffers take,
   * so an end of stream means it cut the client off.
   */
  private static boolean readsToTheEnd(Socket socket) throws Exception {
    socket.setSoTimeout(30_000);
    try (socket;
        InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[65536];
      while (in.read(buffer) >= 0) {
        // drain
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (java.io.IOException reset) {
      return true;
    }
  }

  private static void printDelays(
      List<Subscriber> subscribers,
      Map<String, Long> acknowledged,
      int total,
      double threadsBefore,
      double threadsWithSubscribers) {
    List<Long> delays = new ArrayList<>();
    long firstAck = Collections.min(acknowledged.values());
    List<Long> slowAcks =
        new ArrayList<>(); // when the writes delivered after more than 1 s were made
    for (Subscriber subscriber : subscribers) {
      subscriber.arrivals.forEach(
          (key, at) -> {
            Long ack = acknowledged.get(key);
            if (ack != null) {
              delays.add(Math.max(0, at - ack));
              if (at - ack > 1_000_000_000L) {
                slowAcks.add(ack - firstAck);
              }
            }
          });
    }
    Collections.sort(delays);
    Collections.sort(slowAcks);
    System.out.printf(
        "FANOUT p99.9=%.1f ms, deliveries over 1 s: %d, of writes made %.1f s to %.1f s after the"
            + " first%n",
        delays.get((int) (delays.size() * 0.999)) / 1e6,
        slowAcks.size(),
        slowAcks.isEmpty() ? 0 : slowAcks.get(0) / 1e9,
        slowAcks.isEmpty() ? 0 : slowAcks.get(slowAcks.size() - 1) / 1e9);
    System.out.printf(
        "FANOUT subscribers=%d events=%d deliveries=%d delay_ms p50=%.1f p99=%.1f max=%.1f"
            + " threads_before=%.0f threads_with_subscribers=%.0f%n",
        subscribers.size(),
        total,
        delays.size(),
        delays.get(delays.size() / 2) / 1e6,
        delays.get((int) (delays.size() * 0.99)) / 1e6,
        delays.get(delays.size() - 1) / 1e6,
        threadsBefore,
        threadsWithSubscribers);
  }

  /** The log of the server under test (the Payara domain's does not rotate within this test). */
  private static Path serverLog() {
    return Http.serverLog();
  }

  private static String newLogLines(long from) throws Exception {
    try (var channel = Files.newByteChannel(serverLog())) {
      channel.position(from);
      return new String(
          java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
          StandardCharsets.UTF_8);
    }
  }

  /** A figure for the soak's printout: NaN when the server does not export it. */
  private static double soakMetric(String name) {
    try {
      return metric(name);
    } catch (java.util.NoSuchElementException notExported) {
      return Double.NaN;
    }
  }

  private static double metric(String name) {
    return Http.get(Http.app() + "/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  /** The events of this run's writers, as stream/seq, in the order of the feed after start. */
  private static List<String> feedOrderOf(String run, String start) {
    List<String> order = new ArrayList<>();
    String cursor = start;
    while (true) {
      JsonObject page = Api.json(Http.get(Api.url("/events?limit=10000&after=" + cursor)));
      if (page.getJsonArray("events").isEmpty()) {
        return order;
      }
      for (JsonObject event : page.getJsonArray("events").getValuesAs(JsonObject.class)) {
        String key = key(run, event);
        if (key != null) {
          order.add(key);
        }
      }
      cursor = page.getString("next");
    }
  }

  /**
   * {@link #key} of a {@code data:} line without parsing all of its JSON: 200 subscribers in this
   * one JVM read every event, and the client must not be what delays them.
   */
  static String writerKey(String run, String dataLine) {
    String marker = "\"streamId\":\"" + run + "-w";
    int at = dataLine.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int streamStart = at + "\"streamId\":\"".length();
    String stream = dataLine.substring(streamStart, dataLine.indexOf('"', streamStart));
    String seqMarker = "\"data\":{\"seq\":";
    if (dataLine.indexOf(seqMarker) < 0) {
      throw new IllegalStateException("Not a writer's event: " + dataLine);
    }
    int seqStart = dataLine.indexOf(seqMarker) + seqMarker.length();
    int seqEnd = seqStart;
    while (Character.isDigit(dataLine.charAt(seqEnd))) {
      seqEnd++;
    }
    return stream + "/" + Integer.parseInt(dataLine.substring(seqStart, seqEnd));
  }

  private static String key(String run, JsonObject event) {
    String stream = event.getString("streamId");
    if (!stream.startsWith(run + "-w")) {
      return null;
    }
    return stream + "/" + event.getJsonObject("data").getInt("seq");
  }

  /** One SSE client, reading lines as they come (no thread of its own). */
  static final class Subscriber implements Flow.Subscriber<String> {
    private final String run;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    final List<String> ids = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    final CountDownLatch opened = new CountDownLatch(1);
    private volatile Flow.Subscription subscription;

    Subscriber(String run) {
      this.run = run;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith(": feed after") || line.startsWith(":feed after")) {
        opened.countDown();
      } else if (line.startsWith("id:")) {
        ids.add(line.substring(3).trim());
      } else if (line.startsWith("data:")) {
        long arrived = System.nanoTime();
        String key = writerKey(run, line);
        if (key != null) {
          arrivals.put(key, arrived);
          received.add(key);
        }
      }
    }

    int count() {
      return received.size();
    }

    List<String> received() {
      synchronized (received) {
        return List.copyOf(received);
      }
    }

    void cancel() {
      if (subscription != null) {
        subscription.cancel();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      opened.countDown();
    }

    @Override
    public void onComplete() {
      opened.countDown();
    }
  }
}
