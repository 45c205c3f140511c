package org.eventcore.infrastructure.startup;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eventcore.api.migration.ApplicationMigrations;
import org.eventcore.infrastructure.cdi.ApplicationMigrationsExtension;
import org.eventcore.infrastructure.persistence.EventCoreDataSource;
import org.eventcore.infrastructure.persistence.migration.EventCoreSchema;
import org.flywaydb.core.Flyway;

/**
 * Applies pending schema migrations when the EAR is deployed: EventCore's own (schema {@code
 * eventcore}), then those of the application ({@link ApplicationMigrations} beans, each in its
 * schema with its own history table, found with its module's class loader). A failure fails the
 * deployment: the application never runs against a schema it does not know.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrationOnStartup {

  private static final Logger LOG = Logger.getLogger(SchemaMigrationOnStartup.class.getName());

  @Resource(lookup = EventCoreDataSource.JNDI_NAME)
  DataSource dataSource;

  @Inject ApplicationMigrationsExtension applications;
  @Inject BeanManager beanManager;

  @PostConstruct
  void migrate() {
    int applied = EventCoreSchema.migrate(dataSource);
    for (ApplicationMigrationsExtension.Found found : applications.all(beanManager)) {
      ApplicationMigrations migrations = found.migrations();
      int own =
          Flyway.configure(found.classLoader())
              .dataSource(dataSource)
              .schemas(migrations.schema())
              .createSchemas(true)
              .locations(migrations.locations().toArray(String[]::new))
              .failOnMissingLocations(true)
              .load()
              .migrate()
              .migrationsExecuted;
      LOG.info(
          () ->
              "Application schema "
                  + migrations.schema()
                  + " "
                  + migrations.locations()
                  + ": "
                  + own
                  + " migration(s) applied now");
    }
    LOG.info(
        () ->
            "EventCore schema at version "
                + EventCoreSchema.currentVersion(dataSource)
                + " ("
                + applied
                + " migration(s) applied now)");
  }
}
