package org.eventcore.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eventcore.api.migration.ApplicationMigrations;

/**
 * The example read models' tables (schema {@code examples}, {@code db/examples}), migrated by
 * EventCore at start-up after its own schema.
 */
@ApplicationScoped
public class ExampleReadModelMigrations implements ApplicationMigrations {

  @Override
  public String schema() {
    return "examples";
  }

  @Override
  public List<String> locations() {
    return List.of("classpath:db/examples");
  }
}
