package org.eventcore.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.eventcore.infrastructure.persistence.EventCoreDataSource;
import org.eventcore.infrastructure.persistence.migration.EventCoreSchema;

/** Started once every schema migration of this version has been applied. */
@Startup
@ApplicationScoped
public class SchemaStartupCheck implements HealthCheck {

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

  private volatile boolean started;

  @Override
  public HealthCheckResponse call() {
    if (!started) {
      try {
        started = EventCoreSchema.isUpToDate(dataSource());
      } catch (RuntimeException e) {
        return HealthCheckResponse.named("eventcore-schema")
            .down()
            .withData("error", String.valueOf(e.getMessage()))
            .build();
      }
    }
    return HealthCheckResponse.named("eventcore-schema").status(started).build();
  }
}
