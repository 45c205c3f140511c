package org.eventcore.infrastructure.persistence.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eventcore.api.EventStore;
import org.eventcore.dev.DevDatabase;
import org.eventcore.infrastructure.persistence.migration.EventCoreSchema;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One real PostgreSQL per test JVM (see {@link DevDatabase} for which one), migrated once, with an
 * entity manager factory over the same mapping the server uses. Tests use fresh stream ids instead
 * of cleaning up: events cannot be deleted.
 */
public final class TestDatabase {

  private static TestDatabase instance;

  final DevDatabase database;
  public final DataSource dataSource;
  final EntityManagerFactory entityManagerFactory;

  private TestDatabase() {
    database = DevDatabase.start();
    System.out.println("Test database: " + database.description());
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(database.jdbcUrl());
    source.setUser(database.user());
    source.setPassword(database.password());
    dataSource = source;
    EventCoreSchema.migrate(dataSource);
    entityManagerFactory =
        Persistence.createEntityManagerFactory(
            "eventcore-test",
            Map.of(
                "jakarta.persistence.jdbc.url", database.jdbcUrl(),
                "jakarta.persistence.jdbc.user", database.user(),
                "jakarta.persistence.jdbc.password", database.password()));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  entityManagerFactory.close();
                  database.close();
                }));
  }

  /**
   * Runs {@code work} in a new resource-local transaction, committed when it returns and rolled
   * back when it throws.
   */
  /** Runs {@code work} with the transaction's entity manager; commit or rollback as above. */
  public <T> T inTransactionWith(Function<EntityManager, T> work) {
    EntityManager em = entityManagerFactory.createEntityManager();
    try {
      em.getTransaction().begin();
      T result = work.apply(em);
      em.getTransaction().commit();
      return result;
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  public <T> T inTransaction(Function<EventStore, T> work) {
    EntityManager em = entityManagerFactory.createEntityManager();
    try {
      em.getTransaction().begin();
      T result = work.apply(new JpaEventStore(em));
      em.getTransaction().commit();
      return result;
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  /** For tests in other packages. */
  public static synchronized TestDatabase shared() {
    return get();
  }

  static synchronized TestDatabase get() {
    if (instance == null) {
      instance = new TestDatabase();
    }
    return instance;
  }
}
