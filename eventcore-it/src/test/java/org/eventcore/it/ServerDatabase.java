package org.eventcore.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
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
  private static TcpProxy proxy;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  static synchronized void start() {
    if (database != null) {
      return;
    }
    database = DevDatabase.start();
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
   * #PAYARA_DOMAIN}), with the test ports and the proxied database: Payara reads its data source
   * from {@code domain.xml} only, so it must be written before the server starts.
   */
  private static void preparePayaraDomain(String url) {
    Path domains = Path.of(System.getProperty("payara.home"), "glassfish/domains");
    int offset = Http.offset();
    try {
      PayaraDomain.copy(domains.resolve("domain1"), domains.resolve(PAYARA_DOMAIN))
          .configure(
              PayaraDomain.Settings.withOffset(
                  offset, url, database.user(), database.password(), 32));
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
}
