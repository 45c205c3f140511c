package org.eventcore.infrastructure.startup;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eventcore.infrastructure.persistence.EventCoreDataSource;
import org.eventcore.infrastructure.persistence.migration.EventCoreSchema;

/**
 * Applies pending schema migrations when the EAR is deployed: EventCore's own, then the example
 * read models' (schema {@code examples}). A failure fails the deployment: the service never runs
 * against a schema it does not know.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrationOnStartup {

  private static final Logger LOG = Logger.getLogger(SchemaMigrationOnStartup.class.getName());

  @Resource(lookup = EventCoreDataSource.JNDI_NAME)
  DataSource dataSource;

  @PostConstruct
  void migrate() {
    int applied = EventCoreSchema.migrate(dataSource);
    org.flywaydb.core.Flyway.configure(SchemaMigrationOnStartup.class.getClassLoader())
        .dataSource(dataSource)
        .schemas("examples")
        .createSchemas(true)
        .locations("classpath:db/examples")
        .failOnMissingLocations(true)
        .load()
        .migrate();
    LOG.info(
        () ->
            "EventCore schema at version "
                + EventCoreSchema.currentVersion(dataSource)
                + " ("
                + applied
                + " migration(s) applied now)");
  }
}
