package org.eventcore.api.migration;

import java.util.List;

/**
 * An application's own schema migrations — its read models' tables — which EventCore runs with
 * Flyway when the application starts, right after EventCore's own schema ({@code eventcore}), so a
 * projection never runs against tables that do not exist yet. Implement it on a CDI bean in any
 * module of the application (an EJB jar, a WAR, a library):
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class ReadModelMigrations implements ApplicationMigrations {
 *   @Inject @ConfigProperty(name = "shop.read-model.schema", defaultValue = "shop")
 *   String schema;
 *
 *   public String schema() { return schema; }
 *
 *   public List<String> locations() { return List.of("classpath:db/shop"); }
 * }
 * }</pre>
 *
 * Each bean has a Flyway history table of its own in its schema; {@code classpath:} locations are
 * found with the class loader of the bean's module. A failing migration fails the deployment.
 * EventCore's own migrations are never among these: they belong to EventCore.
 */
public interface ApplicationMigrations {

  /** The schema the migrations create their tables in, created when missing; holds the history. */
  String schema();

  /** Flyway locations, e.g. {@code classpath:db/shop}; each must exist. */
  List<String> locations();
}
