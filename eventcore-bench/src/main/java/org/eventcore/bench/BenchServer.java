package org.eventcore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.eventcore.dev.DevDatabase;
import org.eventcore.dev.DevKeys;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

/**
 * The WildFly under test: the server provisioned by {@code server-config} (used read-only as the
 * home), a fresh base directory of its own under the bench's work directory, its own port offset,
 * and a copy of the built EAR with the bench-only WAR ({@code /bench}) added. The production EAR is
 * left as it is.
 */
final class BenchServer implements AutoCloseable {

  static final String WAR_NAME = "eventcore-bench.war";
  private static final String EAR_NAME = "eventcore.ear";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final BenchConfig config;
  private final Path baseDirectory;
  private Process process;
  private DevKeys keys;

  BenchServer(BenchConfig config) {
    this.config = config;
    this.baseDirectory = config.workDirectory().toAbsolutePath().resolve("standalone");
  }

  int httpPort() {
    return 8080 + config.portOffset();
  }

  String baseUrl() {
    return "http://localhost:" + httpPort();
  }

  long pid() {
    return process.pid();
  }

  Path serverLog() {
    return baseDirectory.resolve("log/server.log");
  }

  /** Starts the server with the bench EAR and waits until it is deployed. */
  void start(DevDatabase database) throws IOException, InterruptedException {
    Path home = config.wildflyHome().toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("jboss-modules.jar"))) {
      throw new IllegalStateException(
          "No provisioned WildFly at " + home + " (build server-config first: ./mvnw -Pbench)");
    }
    prepareBaseDirectory(home);
    Path deployments = baseDirectory.resolve("deployments");
    benchEar().as(ZipExporter.class).exportTo(deployments.resolve(EAR_NAME).toFile(), true);

    List<String> options = new ArrayList<>(config.serverJvm());
    options.add("-Djava.net.preferIPv4Stack=true");
    options.add("-Djava.awt.headless=true");
    options.add("-Djboss.socket.binding.port-offset=" + config.portOffset());
    // the example projections would replay every benchmark event on the same 2 cores: they are
    // measured on their own (W3 replay), not as background load of W1/W2/W4
    options.add("-Deventcore.projection.enabled=false");
    options.add("-Deventcore.db.url=" + database.jdbcUrl());
    options.add("-Deventcore.db.user=" + database.user());
    options.add("-Deventcore.db.password=" + database.password());
    // bearer tokens of a throw-away key; no per-caller rate limit (one caller drives the load)
    keys = DevKeys.in(config.workDirectory().toAbsolutePath().resolve("jwt"));
    options.addAll(keys.serverOptions());
    options.add("-Deventcore.security.rate-limit.requests=0");
    StandaloneCommandBuilder command =
        StandaloneCommandBuilder.of(home)
            .setBaseDirectory(baseDirectory)
            .setJavaHome(System.getProperty("java.home"))
            .setJavaOptions(options);
    Path console = config.workDirectory().toAbsolutePath().resolve("console.log");
    process = Launcher.of(command).setRedirectErrorStream(true).redirectOutput(console).launch();
    awaitDeployment(deployments, console);
  }

  /** A bearer token with the administrator role, for the API and the metrics. */
  String token() {
    return keys.token("admin");
  }

  /** JVM options the server runs with, for the report. */
  String jvmOptions() {
    return String.join(" ", config.serverJvm());
  }

  private void prepareBaseDirectory(Path home) throws IOException {
    deleteRecursively(baseDirectory);
    Path configuration = Files.createDirectories(baseDirectory.resolve("configuration"));
    try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, configuration.resolve(file.getFileName()));
      }
    }
    Files.createDirectories(baseDirectory.resolve("deployments"));
  }

  /**
   * The built EAR plus {@code eventcore-bench.war}: the classes of {@code org.eventcore.bench.load}
   * and {@code org.eventcore.bench.server} (taken from the build output, never loaded in this JVM)
   * and HdrHistogram; {@code application.xml} gets the web module at {@code /bench}.
   */
  private EnterpriseArchive benchEar() throws IOException {
    Path builtEar = config.ear().toAbsolutePath().normalize();
    if (!Files.isRegularFile(builtEar)) {
      throw new IllegalStateException("Build the EAR first: " + builtEar + " is missing");
    }
    WebArchive war = ShrinkWrap.create(WebArchive.class, WAR_NAME);
    Path classes = config.classes().toAbsolutePath().normalize();
    for (String pkg : List.of("org/eventcore/bench/load", "org/eventcore/bench/server")) {
      Path dir = classes.resolve(pkg);
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("Missing compiled bench classes in " + dir);
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          war.addAsWebInfResource(
              new FileAsset(file.toFile()), "classes/" + pkg + "/" + file.getFileName());
        }
      }
    }
    war.addAsLibrary(jarOf(Histogram.class).toFile());
    war.addAsWebInfResource(
        new StringAsset(
            "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                + " bean-discovery-mode=\"annotated\"/>"),
        "beans.xml");

    EnterpriseArchive ear =
        ShrinkWrap.createFromZipFile(EnterpriseArchive.class, builtEar.toFile());
    String applicationXml;
    try (var in = ear.get("META-INF/application.xml").getAsset().openStream()) {
      applicationXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int end = applicationXml.lastIndexOf("</application>");
    if (end < 0) {
      throw new IllegalStateException("Unexpected application.xml in " + builtEar);
    }
    String withBench =
        applicationXml.substring(0, end)
            + "  <module>\n    <web>\n      <web-uri>"
            + WAR_NAME
            + "</web-uri>\n      <context-root>/bench</context-root>\n    </web>\n  </module>\n"
            + applicationXml.substring(end);
    ear.delete("META-INF/application.xml");
    ear.addAsManifestResource(new StringAsset(withBench), "application.xml");
    ear.addAsModule(war);
    return ear;
  }

  private static Path jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitDeployment(Path deployments, Path console)
      throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "WildFly stopped during start-up (exit " + process.exitValue() + "); see " + console);
      }
      Path failed = deployments.resolve(EAR_NAME + ".failed");
      if (Files.exists(failed)) {
        throw new IllegalStateException(
            "The bench EAR failed to deploy: "
                + Files.readString(failed).replaceAll("\\s+", " ").trim());
      }
      if (Files.exists(deployments.resolve(EAR_NAME + ".deployed"))) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException("WildFly did not deploy the bench EAR in time; see " + console);
  }

  /** Resident memory of the server process (VmRSS), in MiB; -1 when unknown. */
  double rssMegabytes() {
    return rssMegabytes(process.pid());
  }

  static double rssMegabytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** POSTs to the bench WAR and returns the body; fails on any status but 200. */
  String post(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/bench/" + pathAndQuery))
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Bench call "
              + pathAndQuery
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.body();
  }

  /** GETs a server URL (e.g. the metrics) and returns the body. */
  String get(String path) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return client
        .send(
            HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + token())
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() {
    Process running = process;
    if (running != null && running.isAlive()) {
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
}
