package org.eventcore.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher behind {@code ./mvnw -Prun}, on the provisioned WildFly and the built EAR, with all
 * ports offset by {@code it.port.offset} + 10000 (20000 by default) so that it runs beside the
 * Arquillian server and a developer's own run.
 */
class RunCommandIT {

  private static final int OFFSET = Integer.getInteger("it.port.offset", 10000) + 10000;
  private static final int HTTP_PORT = 8080 + OFFSET;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path work;
  @TempDir Path data;

  private RunCommand runCommand(int databasePort) {
    return new RunCommand(
        Map.of(
            "wildfly-home", System.getProperty("jboss.home"),
            "ear", System.getProperty("eventcore.ear"),
            "work-dir", work.toString(),
            "data-dir", data.toString()),
        Map.of(
            "EVENTCORE_PORT_OFFSET", Integer.toString(OFFSET),
            "EVENTCORE_DEV_DB_PORT", Integer.toString(databasePort)));
  }

  /**
   * A first run in this JVM (banner, tokens, the example, one run at a time, the stop), then a
   * second on the same directories as a user runs it: the launcher as a process of its own, in a
   * session of its own, which keeps the key pair and the data, and Ctrl-C as a terminal sends it —
   * SIGINT to the whole foreground process group, the launcher's JVM, WildFly and PostgreSQL alike
   * — after which every process it started has ended, the ports are free and the data is kept. (One
   * WildFly start fewer than a Ctrl-C test of its own.)
   */
  @Test
  void startsEverythingSaysWhereItIsKeepsTheDataAndStopsWithoutLeftovers() throws Exception {
    int databasePort = freePort();
    RunCommand run = runCommand(databasePort);
    String banner = run.start();
    ProcessHandle server = run.serverProcess().orElseThrow();
    String admin;
    try {
      assertThat(banner)
          .contains("Database:  embedded PostgreSQL")
          .contains("data kept between runs in " + data.resolve("postgres-17"))
          .contains("API:       http://localhost:" + (8080 + OFFSET) + "/api/v1")
          .contains("Health:    http://localhost:" + (9990 + OFFSET) + "/health  (readiness: UP)")
          .contains("Metrics:   http://localhost:" + (8080 + OFFSET) + "/metrics")
          .contains("curl -i -X POST");

      // one token per role, one line each, signed with the development key kept in the data dir
      Map<String, String> tokens = new java.util.LinkedHashMap<>();
      Matcher tokenLine =
          Pattern.compile(
                  "(?m)^  Token \\(([a-z]+)\\): ([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)$")
              .matcher(banner);
      while (tokenLine.find()) {
        tokens.put(tokenLine.group(1), tokenLine.group(2));
      }
      assertThat(tokens.keySet())
          .containsExactly("reader", "commander", "appender", "operator", "admin");
      assertThat(data.resolve("jwt/private-key.pem")).isRegularFile();
      admin = tokens.get("admin");

      // the banner's example writes to no command stream, is the README's own raw-API example,
      // and works as curl would send it
      String example = banner.substring(banner.indexOf("Try it"), banner.indexOf("Press Ctrl-C"));
      assertThat(example)
          .contains("http://localhost:" + HTTP_PORT + "/api/v1/streams/notes-1/events")
          .contains(
              "curl -s -H \"Authorization: Bearer $TOKEN\" http://localhost:"
                  + HTTP_PORT
                  + "/api/v1/streams/notes-1")
          .doesNotContain("account-")
          .doesNotContain("order-")
          .contains("quick start in README.md");
      String readme =
          oneLine(Files.readString(Path.of(System.getProperty("readme", "../README.md"))));
      Matcher command = Pattern.compile("curl (?:[^\n]*\\\\\n)*[^\n]*").matcher(example);
      int commands = 0;
      while (command.find()) {
        commands++;
        assertThat(readme)
            .as("the README shows the banner's example")
            .contains(oneLine(command.group().replace("localhost:" + HTTP_PORT, "localhost:8080")));
      }
      assertThat(commands).isEqualTo(2);
      Matcher post = Pattern.compile("-d '([^']*)'[\\s\\\\]+(http://\\S+)").matcher(example);
      assertThat(post.find()).as(example).isTrue();
      HttpResponse<String> refused =
          send(
              HttpRequest.newBuilder(URI.create(post.group(2)))
                  .header("Authorization", "Bearer " + tokens.get("reader"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(post.group(1))));
      assertThat(refused.statusCode()).as("a reader may not append").isEqualTo(403);
      HttpResponse<String> created =
          send(
              HttpRequest.newBuilder(URI.create(post.group(2)))
                  .header("Authorization", "Bearer " + admin)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(post.group(1))));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

      // after it, the README quick start still opens alice (the old example forged her account)
      HttpResponse<String> opened =
          send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + HTTP_PORT + "/api/v1/accounts"))
                  .header("Authorization", "Bearer " + tokens.get("commander"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"accountId\":\"alice\",\"owner\":\"Alice\",\"initialBalance\":1000}")));
      assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

      assertThatThrownBy(() -> runCommand(databasePort).start())
          .isInstanceOf(RunCommand.RunException.class)
          .hasMessage(
              "EventCore is already running from this directory (stop it with Ctrl-C first)");
    } finally {
      run.stop();
    }

    assertThat(server.isAlive()).isFalse();
    assertThat(Files.exists(work.resolve("wildfly.pid"))).isFalse();
    assertThat(portIsFree(HTTP_PORT)).isTrue();
    assertThat(portIsFree(databasePort)).as("the database stopped").isTrue();

    // again, as a user runs it: the launcher as a process of its own, stopped with Ctrl-C
    Path output = work.resolve("launcher.out");
    Process launcher =
        launch(
            output,
            databasePort,
            "--wildfly-home=" + System.getProperty("jboss.home"),
            "--ear=" + System.getProperty("eventcore.ear"));
    List<ProcessHandle> started = new ArrayList<>();
    try {
      awaitBanner(launcher, output);
      launcher.descendants().forEach(started::add);
      assertThat(started)
          .as("WildFly runs under the launcher")
          .anySatisfy(p -> assertThat(p.info().commandLine().orElse("")).contains("jboss-modules"));
      // pg_ctl starts PostgreSQL in a session of its own (so a terminal's Ctrl-C never reaches it):
      // only the launcher's shutdown hook can stop it
      started.add(postmaster());

      // the key pair is kept: a token of the first run is still accepted; so is the data
      HttpResponse<String> stream =
          send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + HTTP_PORT + "/api/v1/streams/notes-1"))
                  .header("Authorization", "Bearer " + admin));
      assertThat(stream.body()).contains("\"version\":1").contains("\"text\":\"Hello\"");
      HttpResponse<String> alice =
          send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + HTTP_PORT + "/api/v1/accounts/alice"))
                  .header("Authorization", "Bearer " + admin));
      assertThat(alice.body()).contains("\"balance\":1000");

      ctrlC(launcher);

      assertThat(launcher.waitFor(2, TimeUnit.MINUTES))
          .as("the launcher ended; its output:%n%s", Files.readString(output))
          .isTrue();
      for (ProcessHandle process : started) {
        process.onExit().get(1, TimeUnit.MINUTES);
      }
      assertThat(started).noneMatch(ProcessHandle::isAlive);
      assertThat(portIsFree(HTTP_PORT)).isTrue();
      assertThat(portIsFree(databasePort)).as("the database stopped").isTrue();
      assertThat(Files.exists(work.resolve("wildfly.pid"))).isFalse();
      assertThat(Files.isDirectory(data.resolve("postgres-17"))).as("the data is kept").isTrue();
    } finally {
      started.forEach(ProcessHandle::destroyForcibly);
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  /**
   * The switch {@code --server=payara} ({@code -Deventcore.server=payara}): Payara Server with the
   * Payara EAR, the same banner with health and metrics on the HTTP port, a working example; then
   * Ctrl-C as a terminal sends it (SIGINT to the launcher's process group, as in {@link
   * #startsEverythingSaysWhereItIsKeepsTheDataAndStopsWithoutLeftovers}) stops Payara (the process
   * of the domain's {@code config/pid}, which is not a child of the launcher), the database and
   * every port.
   */
  @Test
  void startsPayaraInsteadOfWildFlyWithTheSameBannerAndCtrlCLeavesNothingRunning()
      throws Exception {
    int databasePort = freePort();
    Path output = work.resolve("launcher.out");
    Process launcher =
        launch(
            output,
            databasePort,
            "--server=payara",
            "--wildfly-home=" + System.getProperty("jboss.home"),
            "--payara-home=" + System.getProperty("payara.home"),
            "--payara-ear=" + System.getProperty("eventcore.payara.ear"));
    List<ProcessHandle> started = new ArrayList<>();
    HttpResponse<String> metrics;
    HttpResponse<String> unauthenticated;
    try {
      String banner = awaitBanner(launcher, output);
      ProcessHandle server =
          PayaraServer.runningServer(work.resolve("payara-domains/eventcore"))
              .orElseThrow(
                  () -> new AssertionError("no Payara process in the domain's config/pid"));
      started.add(server);
      started.add(postmaster());
      assertThat(banner)
          .contains("Database:  embedded PostgreSQL")
          .contains("API:       http://localhost:" + HTTP_PORT + "/api/v1")
          .contains("Health:    http://localhost:" + HTTP_PORT + "/health  (readiness: UP)")
          .contains("Metrics:   http://localhost:" + HTTP_PORT + "/metrics")
          .contains("Server:    Payara Server")
          .contains(
              "curl -s -H \"Authorization: Bearer $TOKEN\" http://localhost:"
                  + HTTP_PORT
                  + "/api/v1/streams/notes-1");
      // the tokens of the banner are accepted: Payara verifies them with the run's key
      Matcher adminLine = Pattern.compile("(?m)^  Token \\(admin\\): (\\S+)$").matcher(banner);
      assertThat(adminLine.find()).as(banner).isTrue();
      String admin = adminLine.group(1);
      unauthenticated =
          send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:" + HTTP_PORT + "/api/v1/streams/notes-1/events"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("[]")));
      HttpResponse<String> created =
          send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:" + HTTP_PORT + "/api/v1/streams/notes-1/events"))
                  .header("Authorization", "Bearer " + admin)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "[{\"type\":\"NoteTaken\",\"data\":{\"text\":\"Hello\"}}]")));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      metrics =
          send(
              HttpRequest.newBuilder(
                  URI.create("http://localhost:" + HTTP_PORT + "/metrics?scope=application")));

      ctrlC(launcher);

      assertThat(launcher.waitFor(3, TimeUnit.MINUTES))
          .as("the launcher ended; its output:%n%s", Files.readString(output))
          .isTrue();
      for (ProcessHandle process : started) {
        process.onExit().get(1, TimeUnit.MINUTES);
      }
      assertThat(server.isAlive()).as("the Payara server process ended").isFalse();
      assertThat(started).noneMatch(ProcessHandle::isAlive);
      assertThat(portIsFree(HTTP_PORT)).isTrue();
      assertThat(portIsFree(4848 + OFFSET)).as("the admin port is free").isTrue();
      assertThat(portIsFree(databasePort)).as("the database stopped").isTrue();
      assertThat(PayaraServer.runningServer(work.resolve("payara-domains/eventcore"))).isEmpty();
      assertThat(Files.isDirectory(data.resolve("postgres-17"))).as("the data is kept").isTrue();
    } finally {
      started.forEach(ProcessHandle::destroyForcibly);
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }

    assertThat(unauthenticated.statusCode()).as("no token, no write").isEqualTo(401);
    assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
    // Payara's own MicroProfile Metrics, with the names and tags the WildFly EAR's SmallRye
    // Metrics gives them (MetricsIT checks the same lines on both servers)
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("eventcore_store_events_appended_total{mp_scope=\"application\"} 1.0")
        .contains(
            "eventcore_store_operations_seconds_count{mp_scope=\"application\",operation=\"append\"")
        .contains(
            "eventcore_http_requests_seconds_count{endpoint=\"StreamResource.append\",method=\"POST\"")
        .contains("eventcore_feed_horizon_age_seconds");
  }

  @Test
  void aBusyPortIsAOneLineErrorAndNothingIsStarted() throws Exception {
    try (ServerSocket busy = new ServerSocket(HTTP_PORT, 1, InetAddress.getLoopbackAddress())) {
      RunCommand run = runCommand(freePort());
      assertThatThrownBy(run::start)
          .isInstanceOf(RunCommand.RunException.class)
          .hasMessage(
              "Port "
                  + HTTP_PORT
                  + " (WildFly HTTP) is already in use; stop what uses it or set"
                  + " EVENTCORE_HTTP_PORT to a free port");
      assertThat(run.serverProcess()).isEmpty();
      assertThat(Files.exists(data.resolve("postgres-17"))).isFalse();
    }
  }

  /**
   * Starts the launcher ({@link RunCommand#main}) as a process of its own, in a session of its own
   * (so that a SIGINT to its process group reaches only what it started) and with SIGINT's default
   * action, on this test's ports and directories, its output into {@code output}.
   */
  private Process launch(Path output, int databasePort, String... serverArguments)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setsid",
                // SIGINT as a terminal leaves it: a build started in the background (`mvn ... &`)
                // passes it on ignored, and a JVM that starts with SIGINT ignored never reacts
                "env",
                "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RunCommand.class.getName()));
    command.addAll(List.of(serverArguments));
    command.add("--work-dir=" + work);
    command.add("--data-dir=" + data);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("EVENTCORE_PORT_OFFSET", Integer.toString(OFFSET));
    builder.environment().put("EVENTCORE_DEV_DB_PORT", Integer.toString(databasePort));
    return builder.start();
  }

  /** The launcher's output up to its banner's last line, polled until it is there (5 minutes). */
  private static String awaitBanner(Process launcher, Path output) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (!Files.readString(output).contains("Press Ctrl-C") && launcher.isAlive()) {
      assertThat(Instant.now()).as("banner within 5 minutes").isBefore(deadline);
      Thread.sleep(200);
    }
    String banner = Files.readString(output);
    assertThat(banner).contains("Press Ctrl-C");
    return banner;
  }

  /** Ctrl-C as a terminal sends it: SIGINT to the launcher's whole process group. */
  private static void ctrlC(Process launcher) throws Exception {
    Process ctrlC =
        new ProcessBuilder("kill", "-INT", "--", "-" + launcher.pid()).inheritIO().start();
    assertThat(ctrlC.waitFor()).as("SIGINT sent to the launcher's process group").isZero();
  }

  /** The PostgreSQL server of the run, from the {@code postmaster.pid} in its data directory. */
  private ProcessHandle postmaster() throws IOException {
    try (Stream<Path> files = Files.walk(data.resolve("postgres-17"))) {
      Path pidFile =
          files
              .filter(f -> f.getFileName().toString().equals("postmaster.pid"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no postmaster.pid under " + data));
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Shell text as one line: continuations joined, runs of white space as one space. */
  private static String oneLine(String text) {
    return text.replace("\\\n", " ").replaceAll("\\s+", " ");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
