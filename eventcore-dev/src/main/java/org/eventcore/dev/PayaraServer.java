package org.eventcore.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Server domain run through {@code asadmin} (the {@code admin-cli.jar} of the provisioned
 * server, on the JDK that runs this class): {@code start-domain}, {@code deploy}, {@code
 * stop-domain}. The server runs as a process of its own, not as a child of this JVM, so {@link
 * #stop()} must be called; a server whose stopper died is found again through the domain's {@code
 * config/pid} file.
 */
public final class PayaraServer {

  private final Path home;
  private final PayaraDomain domain;
  private final int adminPort;
  private final Path console;

  /**
   * @param home the Payara installation ({@code payara6}, holding {@code glassfish/})
   * @param domain the domain to run (any directory: it is passed as {@code --domaindir})
   * @param adminPort the domain's administration port ({@link PayaraDomain.Settings#adminPort})
   * @param console where the output of {@code asadmin} goes
   */
  public PayaraServer(Path home, PayaraDomain domain, int adminPort, Path console) {
    this.home = home.toAbsolutePath().normalize();
    this.domain = domain;
    this.adminPort = adminPort;
    this.console = console;
  }

  /** Whether {@code home} holds a Payara Server installation. */
  public static boolean installedAt(Path home) {
    return Files.isRegularFile(adminCli(home));
  }

  private static Path adminCli(Path home) {
    return home.resolve("glassfish/modules/admin-cli.jar");
  }

  /** Starts the domain; returns when the server answers administration requests. */
  public void start() throws IOException, InterruptedException {
    asadmin(
        10,
        "start-domain",
        "--domaindir",
        domain.directory().getParent().toString(),
        domain.name());
  }

  /**
   * Deploys {@code archive} under {@code name} (replacing an earlier deployment of that name);
   * returns when the application has started.
   */
  public void deploy(Path archive, String name) throws IOException, InterruptedException {
    asadmin(
        10,
        "--port",
        Integer.toString(adminPort),
        "deploy",
        "--force=true",
        "--name",
        name,
        archive.toAbsolutePath().toString());
  }

  /** The server's process, while it runs. */
  public Optional<ProcessHandle> process() {
    return runningServer(domain.directory());
  }

  /**
   * The server process of the domain in {@code domainDirectory}, if one runs (after a run that did
   * not stop it, for example).
   */
  public static Optional<ProcessHandle> runningServer(Path domainDirectory) {
    Path pidFile = domainDirectory.resolve("config/pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().orElse("").contains("glassfish"));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Stops the server: {@code stop-domain}, then the process itself if it is still there. */
  public void stop() {
    Optional<ProcessHandle> running = process();
    if (running.isEmpty()) {
      return;
    }
    try {
      asadmin(
          2,
          "stop-domain",
          "--domaindir",
          domain.directory().getParent().toString(),
          domain.name());
    } catch (IOException | RuntimeException e) {
      // the process is ended below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill(running.get());
  }

  /** Ends {@code process} (gracefully, then forcibly) and waits until it is gone. */
  public static void kill(ProcessHandle process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      try {
        process.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // nothing more to do
      }
    }
  }

  private void asadmin(int timeoutMinutes, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    String javaHome = System.getProperty("java.home");
    command.add(Path.of(javaHome, "bin", "java").toString());
    command.add("-jar");
    command.add(adminCli(home).toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("AS_JAVA", javaHome);
    builder.environment().put("JAVA_HOME", javaHome);
    builder.redirectErrorStream(true);
    Files.createDirectories(console.toAbsolutePath().getParent());
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
    Process process = builder.start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(
          "asadmin "
              + String.join(" ", arguments)
              + " did not finish in "
              + timeoutMinutes
              + " minutes; see "
              + console);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "asadmin "
              + String.join(" ", arguments)
              + " failed (exit code "
              + process.exitValue()
              + "); see "
              + console
              + " and "
              + domain.directory().resolve("logs/server.log"));
    }
  }
}
