package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.TransientEventStoreException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * The store behind a server's connection proxy that reports a closed connection the way Payara's
 * does: the driver's {@code SQLException} wrapped in an {@code UndeclaredThrowableException}, a
 * runtime exception Hibernate passes on as it is. Found on Payara (DatabaseFaultsIT, a PostgreSQL
 * backend killed under load): the store caught only {@code PersistenceException}, so the wrapped
 * failure escaped untranslated and the command was answered 500 instead of 503 (a transient
 * failure, retried and then reported as the database being unavailable).
 */
class JpaEventStoreBehindAConnectionProxyIT {

  @Test
  void aClosedConnectionReportedThroughTheProxyIsATransientFailure() {
    TestDatabase database = TestDatabase.get();
    boolean[] closed = {false};
    EntityManagerFactory factory =
        Persistence.createEntityManagerFactory(
            "eventcore-test",
            Map.of("jakarta.persistence.nonJtaDataSource", proxied(database.dataSource, closed)));
    EntityManager entityManager = factory.createEntityManager();
    try {
      entityManager.getTransaction().begin();
      JpaEventStore store = new JpaEventStore(entityManager);
      StreamId stream = StreamId.of("proxy-" + java.util.UUID.randomUUID());
      assertThat(store.readStreamsAfter(Map.of(stream, StreamVersion.of(0))))
          .as("read through the proxy while the connection is open")
          .containsKey(stream);

      closed[0] = true;
      Throwable failure =
          catchThrowable(() -> store.readStreamsAfter(Map.of(stream, StreamVersion.of(0))));

      assertThat(failure)
          .isInstanceOf(TransientEventStoreException.class)
          .hasRootCauseInstanceOf(PSQLException.class);
    } finally {
      closed[0] = false;
      if (entityManager.getTransaction().isActive()) {
        entityManager.getTransaction().rollback();
      }
      entityManager.close();
      factory.close();
    }
  }

  /**
   * {@code source} with connections that, once {@code closed[0]} is set, answer every statement
   * they are asked to prepare as Payara's proxy answers for a connection the database has closed.
   */
  private static DataSource proxied(DataSource source, boolean[] closed) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (dataSource, method, arguments) -> {
              Object result = invoke(source, method, arguments);
              if (!(result instanceof Connection connection)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (proxy, call, callArguments) -> {
                    if (closed[0] && call.getName().startsWith("prepare")) {
                      throw new UndeclaredThrowableException(
                          new InvocationTargetException(
                              new PSQLException(
                                  "This connection has been closed.",
                                  PSQLState.CONNECTION_DOES_NOT_EXIST)));
                    }
                    return invoke(connection, call, callArguments);
                  });
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments)
      throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
