package org.eventcore.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL database used by the tests and by the run command, resolved in one place.
 *
 * <p>Resolution order:
 *
 * <ol>
 *   <li>{@code EVENTCORE_DB_URL} (environment variable, or system property {@code
 *       eventcore.db.url}) when set: that database is used as it is, with {@code EVENTCORE_DB_USER}
 *       and {@code EVENTCORE_DB_PASSWORD};
 *   <li>a Testcontainers PostgreSQL when asked for with {@code -Deventcore.db=testcontainers} (an
 *       error if Docker is not available);
 *   <li>otherwise an embedded PostgreSQL (real PostgreSQL binaries from Maven Central, started as a
 *       child process). Its data lives in a temporary directory removed on close, or, when a data
 *       directory is given, in that directory, kept between runs.
 * </ol>
 *
 * <p>{@link #description()} says which one is used; callers print it. Every failure to obtain a
 * database is a {@link DevDatabaseException} whose message is one line a user can act on.
 */
public final class DevDatabase implements AutoCloseable {

  /** Where the database comes from. */
  public enum Source {
    URL,
    TESTCONTAINERS,
    EMBEDDED
  }

  private static final String DATABASE_NAME = "eventcore";
  private static final String POSTGRES_IMAGE = "postgres:17-alpine";

  private final Source source;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String description;
  private final AutoCloseable owned;

  private DevDatabase(
      Source source,
      String jdbcUrl,
      String user,
      String password,
      String description,
      AutoCloseable owned) {
    this.source = source;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.description = description;
    this.owned = owned;
  }

  /**
   * Settings of the resolution.
   *
   * @param mode {@code auto}, {@code testcontainers} or {@code embedded}; an explicit URL wins over
   *     every mode
   * @param url an explicit JDBC URL, if any
   * @param user user for the explicit URL
   * @param password password for the explicit URL
   * @param embeddedDataDirectory where the embedded database keeps its data between runs; empty for
   *     a throw-away database
   * @param embeddedPort fixed port of the embedded database, or 0 for any free port
   */
  public record Settings(
      String mode,
      Optional<String> url,
      String user,
      String password,
      Optional<Path> embeddedDataDirectory,
      int embeddedPort) {

    /** Settings read from the environment and system properties, with a throw-away database. */
    public static Settings fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    static Settings fromEnvironment(Map<String, String> environment) {
      Optional<String> url =
          firstNonBlank(
              System.getProperty("eventcore.db.url"), environment.get("EVENTCORE_DB_URL"));
      String user =
          firstNonBlank(
                  System.getProperty("eventcore.db.user"), environment.get("EVENTCORE_DB_USER"))
              .orElse("postgres");
      String password =
          firstNonBlank(
                  System.getProperty("eventcore.db.password"),
                  environment.get("EVENTCORE_DB_PASSWORD"))
              .orElse("postgres");
      String mode = firstNonBlank(System.getProperty("eventcore.db"), null).orElse("auto");
      return new Settings(mode, url, user, password, Optional.empty(), 0);
    }

    private static Optional<String> firstNonBlank(String first, String second) {
      if (first != null && !first.isBlank()) {
        return Optional.of(first.trim());
      }
      if (second != null && !second.isBlank()) {
        return Optional.of(second.trim());
      }
      return Optional.empty();
    }

    /**
     * The same settings with a persistent embedded database in {@code directory} on {@code port}.
     */
    public Settings withPersistentEmbedded(Path directory, int port) {
      return new Settings(mode, url, user, password, Optional.of(directory), port);
    }
  }

  /** Resolves and, where needed, starts the database described by {@code settings}. */
  public static DevDatabase start(Settings settings) {
    quietLibraryLogging();
    if (settings.url().isPresent()) {
      return external(settings);
    }
    return switch (settings.mode()) {
      case "testcontainers" -> testcontainers();
      case "auto", "embedded" -> embedded(settings);
      default ->
          throw new DevDatabaseException(
              "Unknown -Deventcore.db="
                  + settings.mode()
                  + " (use auto, embedded or testcontainers, or set EVENTCORE_DB_URL)");
    };
  }

  /** Resolves the database from the environment (see {@link Settings#fromEnvironment()}). */
  public static DevDatabase start() {
    return start(Settings.fromEnvironment());
  }

  private static DevDatabase external(Settings settings) {
    String url = settings.url().orElseThrow();
    String version = serverVersion(url, settings.user(), settings.password());
    return new DevDatabase(
        Source.URL,
        url,
        settings.user(),
        settings.password(),
        "PostgreSQL " + version + " at " + url + " (from EVENTCORE_DB_URL)",
        () -> {});
  }

  private static DevDatabase testcontainers() {
    final org.testcontainers.containers.PostgreSQLContainer<?> container;
    try {
      if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
        throw new DevDatabaseException(
            "-Deventcore.db=testcontainers was asked for but no Docker engine is available;"
                + " drop the flag to use the embedded PostgreSQL");
      }
      container =
          new org.testcontainers.containers.PostgreSQLContainer<>(POSTGRES_IMAGE)
              .withDatabaseName(DATABASE_NAME);
      container.start();
    } catch (RuntimeException e) {
      if (e instanceof DevDatabaseException) {
        throw e;
      }
      throw new DevDatabaseException("Testcontainers PostgreSQL did not start: " + oneLine(e));
    }
    String url = container.getJdbcUrl();
    String version = serverVersion(url, container.getUsername(), container.getPassword());
    return new DevDatabase(
        Source.TESTCONTAINERS,
        url,
        container.getUsername(),
        container.getPassword(),
        "Testcontainers PostgreSQL " + version + " (" + POSTGRES_IMAGE + ") at " + url,
        container::stop);
  }

  private static DevDatabase embedded(Settings settings) {
    int port = settings.embeddedPort();
    try {
      if (settings.embeddedDataDirectory().isPresent()) {
        Files.createDirectories(settings.embeddedDataDirectory().get());
        stopOrphanedPostmaster(settings.embeddedDataDirectory().get());
      }
    } catch (IOException e) {
      throw new DevDatabaseException("The embedded PostgreSQL's data directory: " + oneLine(e));
    }
    if (port != 0) {
      requireFreePort(port);
    }
    EmbeddedPostgres postgres;
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "100")
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on");
      if (port != 0) {
        builder.setPort(port);
      }
      if (settings.embeddedDataDirectory().isPresent()) {
        builder
            .setDataDirectory(settings.embeddedDataDirectory().get())
            .setCleanDataDirectory(false);
      }
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new DevDatabaseException("The embedded PostgreSQL did not start: " + oneLine(e));
    }
    String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE_NAME;
    try {
      createDatabaseIfMissing(postgres.getPort());
      String version = serverVersion(url, "postgres", "postgres");
      String where =
          settings
              .embeddedDataDirectory()
              .map(d -> "data kept between runs in " + d.toAbsolutePath())
              .orElse("throw-away data");
      return new DevDatabase(
          Source.EMBEDDED,
          url,
          "postgres",
          "postgres",
          "embedded PostgreSQL " + version + " at " + url + " (" + where + ")",
          postgres);
    } catch (RuntimeException e) {
      closeQuietly(postgres);
      throw e;
    }
  }

  /**
   * A run that was killed (not stopped) may have left its postmaster running on the data directory;
   * it is ours, so stop it instead of failing with "another server might be running".
   */
  private static void stopOrphanedPostmaster(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String firstLine =
        Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    long pid;
    try {
      pid = Long.parseLong(firstLine.trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return;
    }
    String command = process.get().info().command().orElse("");
    if (!command.endsWith("postgres")) {
      return;
    }
    System.out.println("Stopping a PostgreSQL left running by an earlier run (pid " + pid + ")");
    process.get().destroy();
    try {
      process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      process.get().destroyForcibly();
    }
  }

  private static void createDatabaseIfMissing(int port) {
    String adminUrl = "jdbc:postgresql://localhost:" + port + "/postgres";
    try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "postgres");
        Statement statement = connection.createStatement();
        ResultSet exists =
            statement.executeQuery(
                "select 1 from pg_database where datname = '" + DATABASE_NAME + "'")) {
      if (!exists.next()) {
        statement.execute("create database " + DATABASE_NAME);
      }
    } catch (SQLException e) {
      throw new DevDatabaseException(
          "Could not create database " + DATABASE_NAME + ": " + oneLine(e));
    }
  }

  private static String serverVersion(String url, String user, String password) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("show server_version")) {
      result.next();
      return result.getString(1);
    } catch (SQLException e) {
      throw new DevDatabaseException("Cannot connect to " + url + ": " + oneLine(e));
    }
  }

  private static void requireFreePort(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new DevDatabaseException(
          "Port "
              + port
              + " for the embedded PostgreSQL is already in use; stop what uses it or set"
              + " EVENTCORE_DEV_DB_PORT to a free port");
    }
  }

  private static void quietLibraryLogging() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  static String oneLine(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // best effort: the process is going away anyway
    }
  }

  public Source source() {
    return source;
  }

  /** JDBC URL of the {@code eventcore} database. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** One line saying which database this is, for the console. */
  public String description() {
    return description;
  }

  /** Opens a new JDBC connection to the database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** Stops the database if this helper started it; a database given by URL is left alone. */
  @Override
  public void close() {
    closeQuietly(owned);
  }

  @Override
  public String toString() {
    return description;
  }
}
