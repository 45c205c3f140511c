package org.eventcore.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eventcore.dev.DevDatabase;
import org.eventcore.dev.PayaraDomain;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The database of the server under test: one {@link DevDatabase} per test JVM, reached by the
 * server through a {@link TcpProxy}. Registered before Arquillian's extension (see {@link
 * EventCoreServerTest}) so that the system properties {@code arquillian.xml} reads are set in time.
 */
public final class ServerDatabase implements BeforeAllCallback {

  /** The Payara domain the tests run on, made from the build's domain1. */
  static final String PAYARA_DOMAIN = "eventcore-it";

  private static DevDatabase database;
  private static DevDatabase.Settings settings;
  private static TcpProxy proxy;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  static synchronized void start() {
    if (database != null) {
      return;
    }
    Tokens.install();
    OtlpReceiver.install();
    settings = DevDatabase.Settings.fromEnvironment();
    if (settings.url().isEmpty() && !settings.mode().equals("testcontainers")) {
      // an embedded database in a directory of its own, so that a test can stop and start it
      Path directory = Path.of("target", "server-database");
      deleteRecursively(directory);
      settings = settings.withPersistentEmbedded(directory, 0);
    }
    database = DevDatabase.start(settings);
    System.out.println("Database for the server under test: " + database.description());
    URI target = URI.create(database.jdbcUrl().substring("jdbc:".length()));
    try {
      proxy = new TcpProxy(target.getHost(), target.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String proxiedUrl =
        database.jdbcUrl().replaceFirst("//[^/]+/", "//localhost:" + proxy.port() + "/");
    System.setProperty("eventcore.it.db.url", proxiedUrl);
    System.setProperty("eventcore.it.db.user", database.user());
    System.setProperty("eventcore.it.db.password", database.password());
    int offset = Integer.getInteger("it.port.offset", 0);
    System.setProperty("it.management.port", Integer.toString(9990 + offset));
    Runtime.getRuntime().addShutdownHook(new Thread(ServerDatabase::stop, "server-database-stop"));
    if (Http.payara()) {
      preparePayaraDomain(proxiedUrl);
    }
  }

  /**
   * A fresh copy of the provisioned domain1 as the domain Arquillian starts ({@value
   * #PAYARA_DOMAIN}), with the test ports, the proxied database and the tests' token keys ({@code
   * mp.jwt.verify.*}, as WildFly gets them in {@code arquillian.xml}): Payara reads its data source
   * and system properties from {@code domain.xml}, so they are written before the server starts.
   */
  private static void preparePayaraDomain(String url) {
    Path domains = Path.of(System.getProperty("payara.home"), "glassfish/domains");
    int offset = Http.offset();
    try {
      PayaraDomain.copy(domains.resolve("domain1"), domains.resolve(PAYARA_DOMAIN))
          .configure(
              PayaraDomain.Settings.withOffset(
                      offset, url, database.user(), database.password(), 32)
                  .withSystemProperties(
                      java.util.Map.of(
                          // a URL: Payara reads the location as a resource or URL, not a path
                          "mp.jwt.verify.publickey.location",
                          Path.of(System.getProperty("eventcore.it.jwt.key")).toUri().toString(),
                          "mp.jwt.verify.issuer",
                          System.getProperty("eventcore.it.jwt.issuer"),
                          "mp.jwt.verify.audiences",
                          System.getProperty("eventcore.it.jwt.audience"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("it.payara.admin.port", Integer.toString(4848 + offset));
  }

  private static synchronized void stop() {
    try {
      proxy.close();
    } catch (IOException ignored) {
      // going away
    }
    database.close();
  }

  /** Whether {@link #stopDatabase()} and {@link #startDatabase()} can be used (embedded only). */
  static synchronized boolean restartable() {
    start();
    return settings.embeddedDataDirectory().isPresent();
  }

  /** Shuts the embedded PostgreSQL down (its data stays); the server sees connections refused. */
  static synchronized void stopDatabase() {
    database.close();
  }

  /** Starts the embedded PostgreSQL again on its data; the proxy leads to its (new) port. */
  static synchronized void startDatabase() {
    database = DevDatabase.start(settings);
    URI target = URI.create(database.jdbcUrl().substring("jdbc:".length()));
    proxy.retarget(target.getHost(), target.getPort());
  }

  /** Deletes {@code directory} and everything in it, if it exists. */
  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The database itself (not through the proxy), for assertions. */
  static synchronized DevDatabase database() {
    start();
    return database;
  }

  /** Makes the database unreachable for the server until {@link #reconnect()}. */
  static synchronized void disconnect() throws IOException {
    proxy.cut();
  }

  static synchronized void reconnect() throws IOException {
    proxy.restore();
  }

  /**
   * Breaks the server's connection that next carries {@code marker} at its next COMMIT (see {@link
   * TcpProxy#breakAtCommit}); the future completes when that happened.
   */
  static synchronized java.util.concurrent.CompletableFuture<Void> breakAtCommit(
      String marker, TcpProxy.AtCommit where) {
    return proxy.breakAtCommit(marker, where);
  }

  /** The database stops answering (connections stay open, nothing passes) until {@link #resume}. */
  static synchronized void stall() {
    proxy.stall();
  }

  static synchronized void resume() {
    proxy.resume();
  }
}
