package com.example.stock.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eventcore.api.migration.ApplicationMigrations;

/**
 * The application's tables (schema {@code stock}, SQL in {@code db/stock}), migrated by EventCore
 * with Flyway at start-up, right after EventCore's own schema.
 */
@ApplicationScoped
public class StockMigrations implements ApplicationMigrations {

  @Override
  public String schema() {
    return "stock";
  }

  @Override
  public List<String> locations() {
    return List.of("classpath:db/stock");
  }
}
