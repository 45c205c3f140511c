package org.eventcore.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

/**
 * The launcher behind the README's run command ({@code ./mvnw -Prun}).
 *
 * <p>It starts the database ({@link DevDatabase}: the persistent embedded PostgreSQL unless {@code
 * EVENTCORE_DB_URL} is set), then the provisioned WildFly with a fresh server base directory whose
 * {@code deployments/} holds the EAR, waits until the deployment is done and readiness answers,
 * prints where everything is, and waits. Ctrl-C stops WildFly first, then the database; nothing is
 * left running. A run that was killed instead of stopped is cleaned up by the next one.
 *
 * <p>With {@code --server=payara} ({@code ./mvnw -Prun -Deventcore.server=payara}) it runs Payara
 * Server instead: a fresh copy of the domain provisioned by {@code payara-config}, configured for
 * the database and ports of this run ({@link PayaraDomain}), started with {@code asadmin}, and the
 * Payara EAR deployed to it ({@link PayaraServer}); the same banner, and Ctrl-C stops the domain
 * and the database (ADR 0011).
 */
public final class RunCommand {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final boolean payara;
  private final Path wildflyHome;
  private final Path payaraHome;
  private final Path ear;
  private final Path workDirectory;
  private final Path dataDirectory;
  private final int httpPort;
  private final int managementPort;
  private final int databasePort;
  private final int portOffset;

  private volatile Process server;
  private volatile PayaraServer payaraServer;
  private volatile FileLock runLock;
  private volatile DevDatabase database;
  private volatile DevKeys keys;

  RunCommand(Map<String, String> options, Map<String, String> environment) {
    String kind = options.getOrDefault("server", "wildfly").trim();
    if (!kind.equals("wildfly") && !kind.equals("payara")) {
      throw new IllegalArgumentException(
          "--server=" + kind + " is not a server this command runs (wildfly or payara)");
    }
    this.payara = kind.equals("payara");
    this.wildflyHome = Path.of(required(options, "wildfly-home")).toAbsolutePath().normalize();
    this.payaraHome =
        Path.of(options.getOrDefault("payara-home", "payara6")).toAbsolutePath().normalize();
    this.ear =
        Path.of(required(options, payara ? "payara-ear" : "ear")).toAbsolutePath().normalize();
    this.workDirectory = Path.of(required(options, "work-dir")).toAbsolutePath().normalize();
    this.dataDirectory = Path.of(required(options, "data-dir")).toAbsolutePath().normalize();
    this.httpPort = port(environment, "EVENTCORE_HTTP_PORT", 8080);
    // WildFly's management interface; Payara's administration port
    this.managementPort = port(environment, "EVENTCORE_MANAGEMENT_PORT", payara ? 4848 : 9990);
    this.databasePort = port(environment, "EVENTCORE_DEV_DB_PORT", 55432);
    this.portOffset = offset(environment.get("EVENTCORE_PORT_OFFSET"));
  }

  public static void main(String[] args) {
    RunCommand command;
    try {
      command = new RunCommand(parse(args), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("ERROR: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(command::stop, "eventcore-run-stop"));
    int exitCode;
    try {
      System.out.println(command.start());
      exitCode = command.awaitExit();
    } catch (DevDatabaseException | RunException e) {
      System.err.println("ERROR: " + e.getMessage());
      exitCode = 1;
    } catch (IOException e) {
      System.err.println("ERROR: " + DevDatabase.oneLine(e));
      exitCode = 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exitCode = 130;
    }
    command.stop();
    System.exit(exitCode);
  }

  /**
   * Starts the database and WildFly with the EAR and waits until the deployment is done.
   *
   * @return the banner that tells the user where everything is
   * @throws RunException or {@link DevDatabaseException} with a one-line message when something
   *     cannot start; what was already started is stopped again
   */
  String start() throws IOException, InterruptedException {
    try {
      acquireRunLock();
      stopServerLeftByEarlierRun();
      requireFile(ear, "the EAR; build it first (./mvnw -Prun builds everything)");
      if (payara) {
        requireFile(
            payaraHome.resolve("glassfish/modules/admin-cli.jar"), "the provisioned Payara Server");
      } else {
        requireFile(wildflyHome.resolve("jboss-modules.jar"), "the provisioned WildFly");
      }
      requireFreePort(httpPort(), "HTTP", "EVENTCORE_HTTP_PORT");
      requireFreePort(
          managementPort(), payara ? "administration" : "management", "EVENTCORE_MANAGEMENT_PORT");

      System.out.println("Starting the database...");
      database =
          DevDatabase.start(
              DevDatabase.Settings.fromEnvironment()
                  .withPersistentEmbedded(dataDirectory.resolve("postgres-17"), databasePort));
      System.out.println("Database: " + database.description());
      keys = DevKeys.in(dataDirectory.resolve("jwt"));
      if (payara) {
        return startPayara();
      }

      Path baseDirectory = prepareBaseDirectory();
      System.out.println(
          "Starting WildFly (server log: " + baseDirectory.resolve("log/server.log") + ")...");
      server = startServer(baseDirectory);
      Files.writeString(workDirectory.resolve("wildfly.pid"), Long.toString(server.pid()));
      awaitDeployment(baseDirectory);
      return banner(baseDirectory.resolve("log/server.log"));
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop();
      throw e;
    }
  }

  private String startPayara() throws IOException, InterruptedException {
    PayaraDomain domain =
        PayaraDomain.copy(payaraHome.resolve("glassfish/domains/domain1"), payaraDomainDirectory());
    // the pool settings of the environment (EVENTCORE_DB_POOL_MAX, ...), this run's database,
    // ports and token keys
    domain.configure(
        PayaraDomain.Settings.fromEnvironment(System.getenv())
            .withDatabase(database.jdbcUrl(), database.user(), database.password())
            .withPorts(httpPort(), managementPort(), portOffset)
            .withSystemProperties(keys.serverProperties()));
    Path log = domain.directory().resolve("logs/server.log");
    System.out.println("Starting Payara Server (server log: " + log + ")...");
    PayaraServer started =
        new PayaraServer(
            payaraHome, domain, managementPort(), workDirectory.resolve("console.log"));
    payaraServer = started;
    started.start();
    System.out.println("Deploying " + ear.getFileName() + "...");
    started.deploy(ear, "eventcore");
    return banner(log);
  }

  private Path payaraDomainDirectory() {
    return workDirectory.resolve("payara-domains/eventcore");
  }

  /**
   * Waits until the server ends (stopped by {@link #stop()} or by itself) and returns its exit code
   * (Payara's process is not a child of this JVM: 0 when it has gone).
   */
  int awaitExit() throws InterruptedException {
    if (payara) {
      Optional<ProcessHandle> running = serverProcess();
      if (running.isPresent()) {
        try {
          running.get().onExit().get();
        } catch (java.util.concurrent.ExecutionException e) {
          return 1;
        }
      }
      return 0;
    }
    return server.waitFor();
  }

  /** The server process, while there is one. */
  Optional<ProcessHandle> serverProcess() {
    if (payara) {
      PayaraServer running = payaraServer;
      return running == null ? Optional.empty() : running.process();
    }
    Process running = server;
    return running == null ? Optional.empty() : Optional.of(running.toHandle());
  }

  int httpPort() {
    return httpPort + portOffset;
  }

  int managementPort() {
    return managementPort + portOffset;
  }

  private Path prepareBaseDirectory() throws IOException {
    Path base = workDirectory.resolve("standalone");
    deleteRecursively(base);
    Path configuration = base.resolve("configuration");
    Files.createDirectories(configuration);
    try (Stream<Path> files = Files.list(wildflyHome.resolve("standalone/configuration"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, configuration.resolve(file.getFileName()));
      }
    }
    Path deployments = Files.createDirectories(base.resolve("deployments"));
    Files.copy(ear, deployments.resolve(ear.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    return base;
  }

  private Process startServer(Path baseDirectory) throws IOException {
    StandaloneCommandBuilder command =
        StandaloneCommandBuilder.of(wildflyHome)
            .setBaseDirectory(baseDirectory)
            .setJavaHome(System.getProperty("java.home"))
            .setJavaOptions(ServerJvm.DEFAULT_OPTIONS)
            .addJavaOptions(
                "-Djava.net.preferIPv4Stack=true",
                "-Djava.awt.headless=true",
                "-Djboss.http.port=" + httpPort,
                "-Djboss.management.http.port=" + managementPort,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Deventcore.db.url=" + database.jdbcUrl(),
                "-Deventcore.db.user=" + database.user(),
                "-Deventcore.db.password=" + database.password())
            .addJavaOptions(keys.serverOptions());
    Path console = workDirectory.resolve("console.log");
    return Launcher.of(command).setRedirectErrorStream(true).redirectOutput(console).launch();
  }

  private void awaitDeployment(Path baseDirectory) throws InterruptedException, IOException {
    Path deployments = baseDirectory.resolve("deployments");
    String name = ear.getFileName().toString();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!server.isAlive()) {
        throw new RunException(
            "WildFly stopped during start-up (exit code "
                + server.exitValue()
                + "); see "
                + workDirectory.resolve("console.log"));
      }
      Path failed = deployments.resolve(name + ".failed");
      if (Files.exists(failed)) {
        throw new RunException(
            "The deployment of "
                + name
                + " failed: "
                + Files.readString(failed).replaceAll("\\s+", " ").trim());
      }
      if (Files.exists(deployments.resolve(name + ".deployed"))) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new RunException(
        "WildFly did not deploy " + name + " within " + START_TIMEOUT.toMinutes() + " minutes");
  }

  private String banner(Path serverLog) {
    String api = "http://localhost:" + httpPort() + "/api/v1";
    // WildFly serves health on its management interface, Payara on the HTTP port
    String health = "http://localhost:" + (payara ? httpPort() : managementPort()) + "/health";
    String readiness = readiness(health + "/ready");
    // the README's raw-API example: a stream of no command model (account-… and the other
    // command streams are reserved, a raw append there is 403), so the quick start still works
    String example =
        "curl -i -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n"
            + "       -d '[{\"type\":\"NoteTaken\",\"data\":{\"text\":\"Hello\"}}]' \\\n"
            + "       "
            + api
            + "/streams/notes-1/events\n"
            + "  curl -s -H \"Authorization: Bearer $TOKEN\" "
            + api
            + "/streams/notes-1";
    return String.join(
        "\n",
        "",
        "EventCore is running.",
        "  Database:  " + database.description(),
        "  API:       " + api,
        "  Health:    " + health + "  (readiness: " + readiness + ")",
        "  Metrics:   http://localhost:" + httpPort() + "/metrics",
        "  Server:    " + (payara ? "Payara Server" : "WildFly") + ", log " + serverLog,
        "",
        "Bearer tokens of the development key ("
            + keys.publicKey().getParent()
            + "), one per role,"
            + " valid for "
            + DevKeys.LIFETIME.toHours()
            + " h:",
        keys.tokenLines(),
        "",
        "Try it (TOKEN=<the admin token above>; a raw append to a stream of your own, then its"
            + " read):",
        "  " + example,
        "  Accounts and money transfers are commands: see the quick start in README.md.",
        "",
        "Press Ctrl-C to stop the server and the database.");
  }

  private static String readiness(String url) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? "UP" : "DOWN: " + response.body();
    } catch (IOException e) {
      return "unknown: " + DevDatabase.oneLine(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Stops WildFly (gracefully, then forcibly), then the database. Safe to call twice. */
  synchronized void stop() {
    PayaraServer runningPayara = payaraServer;
    if (runningPayara != null && runningPayara.process().isPresent()) {
      System.out.println("Stopping Payara Server...");
      runningPayara.stop();
    }
    Process running = server;
    if (running != null && running.isAlive()) {
      System.out.println("Stopping WildFly...");
      running.destroy();
      try {
        if (!running.waitFor(30, TimeUnit.SECONDS)) {
          running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        running.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    DevDatabase started = database;
    if (started != null) {
      if (started.source() != DevDatabase.Source.URL) {
        System.out.println("Stopping the database...");
      }
      started.close();
      database = null;
    }
    try {
      Files.deleteIfExists(workDirectory.resolve("wildfly.pid"));
      FileLock lock = runLock;
      runLock = null;
      if (lock != null) {
        lock.channel().close();
      }
    } catch (IOException ignored) {
      // nothing to clean up then
    }
  }

  /**
   * Only one run at a time: a live run holds this lock until its JVM ends, so what a run finds left
   * over (a pid file, a postmaster) belongs to a run that is dead and may be stopped.
   */
  private void acquireRunLock() throws IOException {
    Files.createDirectories(workDirectory);
    FileChannel channel =
        FileChannel.open(
            workDirectory.resolve("run.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new RunException(
          "EventCore is already running from this directory (stop it with Ctrl-C first)");
    }
    runLock = lock; // held until stop() or the end of the JVM
  }

  private void stopServerLeftByEarlierRun() throws IOException {
    Optional<ProcessHandle> payaraLeftOver = PayaraServer.runningServer(payaraDomainDirectory());
    if (payaraLeftOver.isPresent()) {
      System.out.println(
          "Stopping a Payara Server left running by an earlier run (pid "
              + payaraLeftOver.get().pid()
              + ")");
      PayaraServer.kill(payaraLeftOver.get());
    }
    Path pidFile = workDirectory.resolve("wildfly.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> leftOver;
    try {
      leftOver = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (NumberFormatException e) {
      leftOver = Optional.empty();
    }
    if (leftOver.isPresent()
        && leftOver.get().isAlive()
        && leftOver.get().info().commandLine().orElse("").contains("jboss-modules.jar")) {
      System.out.println(
          "Stopping a WildFly left running by an earlier run (pid " + leftOver.get().pid() + ")");
      leftOver.get().destroy();
      try {
        leftOver.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        leftOver.get().destroyForcibly();
      }
    }
    Files.deleteIfExists(pidFile);
  }

  private void requireFreePort(int port, String what, String variable) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new RunException(
          "Port "
              + port
              + (payara ? " (Payara " : " (WildFly ")
              + what
              + ") is already in use; stop what uses it or set "
              + variable
              + " to a free port");
    }
  }

  private static void requireFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new RunException("Missing " + file + " (" + what + ")");
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static int port(Map<String, String> environment, String variable, int defaultPort) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return defaultPort;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + "=" + value + " is not a port number");
    }
  }

  private static int offset(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(value.trim());
      if (offset < 0 || offset > 50000) {
        throw new NumberFormatException();
      }
      return offset;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "EVENTCORE_PORT_OFFSET=" + value + " is not a port offset (0 to 50000)");
    }
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : List.of(args)) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException(
            "Unexpected argument " + arg + " (expected --name=value)");
      }
      int equals = arg.indexOf('=');
      options.put(arg.substring(2, equals), arg.substring(equals + 1));
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing --" + name + "=...");
    }
    return value;
  }

  /** A start-up failure with a one-line message for the user. */
  static final class RunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunException(String message) {
      super(message);
    }
  }
}
