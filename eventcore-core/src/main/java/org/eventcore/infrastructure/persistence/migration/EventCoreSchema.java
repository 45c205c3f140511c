package org.eventcore.infrastructure.persistence.migration;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and upgrades the {@code eventcore} schema with Flyway.
 *
 * <p>Migrations are versioned SQL scripts under {@code db/migration} in this jar; the history table
 * is {@code eventcore.flyway_schema_history}. Several servers may start at once: Flyway takes a
 * database lock, so each migration runs exactly once.
 */
public final class EventCoreSchema {

  /** The schema that holds every EventCore table. */
  public static final String SCHEMA = "eventcore";

  private EventCoreSchema() {}

  /**
   * Applies every pending migration.
   *
   * @return how many migrations were applied by this call (0 when the schema was up to date)
   */
  public static int migrate(DataSource dataSource) {
    MigrateResult result = flyway(dataSource).migrate();
    return result.migrationsExecuted;
  }

  /** Whether every migration of this version of EventCore has been applied. */
  public static boolean isUpToDate(DataSource dataSource) {
    MigrationInfo[] pending = flyway(dataSource).info().pending();
    return pending.length == 0;
  }

  /** The version of the newest applied migration, or "none". */
  public static String currentVersion(DataSource dataSource) {
    MigrationInfo current = flyway(dataSource).info().current();
    return current == null ? "none" : current.getVersion().getVersion();
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure(EventCoreSchema.class.getClassLoader())
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load();
  }
}
