package org.eventcore.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eventcore.infrastructure.persistence.EventCoreDataSource;
import org.eventcore.infrastructure.persistence.migration.EventCoreSchema;

/**
 * Ready when the database answers a query within two seconds and every schema migration has been
 * applied. Reports the server version and the schema version; when down, the reason in one line.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

  static final String NAME = "eventcore-database";
  private static final int QUERY_TIMEOUT_SECONDS = 2;

  @Resource(lookup = EventCoreDataSource.JNDI_NAME)
  private volatile DataSource dataSource;

  /**
   * Creates the check while the application starts, on a thread of the application, with its data
   * source injected, so that the server threads that call health checks later (WildFly's management
   * threads) never need the application's context. Payara may create it here without injecting the
   * data source; then {@link #dataSource()} looks it up ({@link EventCoreDataSource#JNDI_NAME}, a
   * global name) on the calling thread.
   */
  void createdAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // nothing: being called makes the container create this bean, with its data source
  }

  private DataSource dataSource() {
    DataSource injected = dataSource;
    if (injected == null) {
      try {
        injected = InitialContext.doLookup(EventCoreDataSource.JNDI_NAME);
      } catch (NamingException e) {
        throw new IllegalStateException(
            "Cannot look up " + EventCoreDataSource.JNDI_NAME + ": " + e.getMessage(), e);
      }
      dataSource = injected;
    }
    return injected;
  }

  /** Set once every migration was seen applied; schemas do not go backwards, so it stays true. */
  private volatile String confirmedSchemaVersion;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    long started = System.nanoTime();
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      try (ResultSet result = statement.executeQuery("show server_version")) {
        result.next();
        response.withData("server", "PostgreSQL " + result.getString(1));
      }
    } catch (SQLException | RuntimeException e) {
      return response.down().withData("error", oneLine(e)).build();
    }
    response.withData("responseMillis", (System.nanoTime() - started) / 1_000_000);
    if (confirmedSchemaVersion == null) {
      try {
        if (!EventCoreSchema.isUpToDate(dataSource())) {
          return response.down().withData("error", "schema migrations are pending").build();
        }
        confirmedSchemaVersion = EventCoreSchema.currentVersion(dataSource());
      } catch (RuntimeException e) {
        return response.down().withData("error", oneLine(e)).build();
      }
    }
    return response.up().withData("schemaVersion", confirmedSchemaVersion).build();
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
