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
 * Applies pending schema migrations when the EAR is deployed. A failure fails the deployment: the
 * service never runs against a schema it does not know.
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
    LOG.info(
        () ->
            "EventCore schema at version "
                + EventCoreSchema.currentVersion(dataSource)
                + " ("
                + applied
                + " migration(s) applied now)");
  }
}
