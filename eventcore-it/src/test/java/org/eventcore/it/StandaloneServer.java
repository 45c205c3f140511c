package org.eventcore.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eventcore.dev.DevDatabase;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

/**
 * A WildFly of its own (not Arquillian's) with the built EAR: the provisioned server as a read-only
 * home, a fresh base directory per start, its own port offset and node id, on a given database. A
 * test can SIGKILL it ({@link #kill()}) and start it again, or run two of them on one database.
 */
final class StandaloneServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final String EAR_NAME = "eventcore.ear";

  private final String name;
  private final int portOffset;
  private final Path workDirectory;
  private final java.util.List<String> extraOptions;
  private Process process;

  /**
   * @param name the node id ({@code eventcore.node.id}: transactions and projection leases) and the
   *     name of its work directory under {@code target/}
   * @param extraOffset added to {@code it.port.offset} (1000, 2000: beside the Arquillian server)
   * @param options further JVM options, e.g. {@code -Deventcore.projection.lease-seconds=5}
   */
  StandaloneServer(String name, int extraOffset, String... options) {
    this.name = name;
    this.extraOptions = java.util.List.of(options);
    this.portOffset = Http.offset() + extraOffset;
    this.workDirectory = Path.of("target", "servers", name).toAbsolutePath();
  }

  String baseUrl() {
    return "http://localhost:" + (8080 + portOffset);
  }

  String api(String path) {
    return baseUrl() + "/api/v1" + path;
  }

  String management() {
    return "http://localhost:" + (9990 + portOffset);
  }

  String name() {
    return name;
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  /** Starts the server on {@code database} and waits until the EAR is deployed. */
  void start(DevDatabase database) throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("jboss.home")).toAbsolutePath().normalize();
    Path ear =
        Path.of(System.getProperty("eventcore.ear", "../eventcore-ear/target/eventcore.ear"))
            .toAbsolutePath()
            .normalize();
    Path base = workDirectory.resolve("standalone");
    ServerDatabase.deleteRecursively(base);
    Path configuration = Files.createDirectories(base.resolve("configuration"));
    try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, configuration.resolve(file.getFileName()));
      }
    }
    // without the Arquillian server's deployments (the EAR it keeps deployed between test
    // classes, SharedDeploymentContainer): this server deploys its own copy from deployments/
    Path standaloneXml = configuration.resolve("standalone.xml");
    Files.writeString(
        standaloneXml,
        Files.readString(standaloneXml).replaceAll("(?s)\\s*<deployments>.*?</deployments>", ""));
    Path deployments = Files.createDirectories(base.resolve("deployments"));
    Files.copy(ear, deployments.resolve(EAR_NAME), StandardCopyOption.REPLACE_EXISTING);
    Tokens.install(); // the server verifies the tests' tokens
    StandaloneCommandBuilder command =
        StandaloneCommandBuilder.of(home)
            .setBaseDirectory(base)
            .setJavaHome(System.getProperty("java.home"))
            .addJavaOptions(
                "-Xms64m",
                "-Xmx384m",
                "-XX:MaxMetaspaceSize=256m",
                "-Djava.net.preferIPv4Stack=true",
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Deventcore.node.id=" + name,
                "-Deventcore.db.url=" + database.jdbcUrl(),
                "-Deventcore.db.user=" + database.user(),
                "-Deventcore.db.password=" + database.password(),
                "-Dmp.jwt.verify.publickey.location=" + System.getProperty("eventcore.it.jwt.key"),
                "-Dmp.jwt.verify.issuer=" + System.getProperty("eventcore.it.jwt.issuer"),
                "-Dmp.jwt.verify.audiences=" + System.getProperty("eventcore.it.jwt.audience"))
            .addJavaOptions(extraOptions);
    Path console = workDirectory.resolve("console-" + System.currentTimeMillis() + ".log");
    process = Launcher.of(command).setRedirectErrorStream(true).redirectOutput(console).launch();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " stopped during start-up (exit " + process.exitValue() + "); see " + console);
      }
      Path failed = deployments.resolve(EAR_NAME + ".failed");
      if (Files.exists(failed)) {
        throw new IllegalStateException(
            name + " failed to deploy the EAR: " + Files.readString(failed));
      }
      if (Files.exists(deployments.resolve(EAR_NAME + ".deployed"))) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException(name + " did not deploy the EAR in time; see " + console);
  }

  /** SIGKILL: the JVM ends at once, without shutting anything down. */
  void kill() throws InterruptedException {
    Process running = process;
    if (running != null) {
      running.destroyForcibly(); // SIGKILL on Linux
      if (!running.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not end after SIGKILL");
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    Process running = process;
    if (running != null && running.isAlive()) {
      running.destroy();
      if (!running.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
