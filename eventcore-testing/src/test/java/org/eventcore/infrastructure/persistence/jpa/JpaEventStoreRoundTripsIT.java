package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.EventStore;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cost of an append in SQL statements (each one round trip to PostgreSQL), counted at the JDBC
 * boundary: it must not grow with the number of streams or events.
 */
class JpaEventStoreRoundTripsIT {

  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch");

  private final TestDatabase db = TestDatabase.get();
  private final AtomicInteger statements = new AtomicInteger();
  private final EntityManagerFactory counted =
      Persistence.createEntityManagerFactory(
          "eventcore-test",
          Map.of("jakarta.persistence.nonJtaDataSource", counting(db.dataSource)));

  @AfterEach
  void close() {
    counted.close();
  }

  private int statementsOf(Function<EventStore, ?> work) {
    EntityManager em = counted.createEntityManager();
    try {
      em.getTransaction().begin();
      statements.set(0);
      work.apply(new JpaEventStore(em));
      int count = statements.get();
      em.getTransaction().commit();
      return count;
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  private static List<NewEvent> events(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> NewEvent.of("Moved", "{\"i\":" + i + "}", EventMetadata.EMPTY))
        .toList();
  }

  @Test
  void aTransferBetweenTwoExistingStreamsCostsTwoStatements() {
    StreamId from = StreamId.of("rt-" + UUID.randomUUID());
    StreamId to = StreamId.of("rt-" + UUID.randomUUID());
    db.inTransaction(
        store ->
            store.append(
                List.of(
                    new StreamWrite(from, ExpectedVersion.noStream(), events(1)),
                    new StreamWrite(to, ExpectedVersion.noStream(), events(1)))));

    int cost =
        statementsOf(
            store ->
                store.append(
                    List.of(
                        new StreamWrite(from, ExpectedVersion.exact(1), events(1)),
                        new StreamWrite(to, ExpectedVersion.exact(1), events(1)))));

    // lock both heads and check; insert the events and move the heads
    assertThat(cost).isEqualTo(2);
  }

  @Test
  void streamsThatMayBeNewCostOneStatementMoreWhateverTheirNumber() {
    int two =
        statementsOf(
            store ->
                store.append(
                    List.of(
                        new StreamWrite(
                            StreamId.of("rt-" + UUID.randomUUID()),
                            ExpectedVersion.noStream(),
                            events(1)),
                        new StreamWrite(
                            StreamId.of("rt-" + UUID.randomUUID()),
                            ExpectedVersion.any(),
                            events(1)))));
    int tenStreamsFiftyEvents =
        statementsOf(
            store ->
                store.append(
                    java.util.stream.IntStream.range(0, 10)
                        .mapToObj(
                            i ->
                                new StreamWrite(
                                    StreamId.of("rt-" + UUID.randomUUID()),
                                    ExpectedVersion.noStream(),
                                    events(5)))
                        .toList()));

    assertThat(two).isEqualTo(3);
    assertThat(tenStreamsFiftyEvents).isEqualTo(3);
  }

  private DataSource counting(DataSource target) {
    return proxy(
        DataSource.class,
        target,
        (name, result) ->
            result instanceof Connection connection
                ? proxy(Connection.class, connection, this::countStatements)
                : result);
  }

  private Object countStatements(String method, Object result) {
    if (result instanceof java.sql.PreparedStatement prepared) {
      return proxy(java.sql.PreparedStatement.class, prepared, (name, r) -> r);
    }
    if (result instanceof Statement statement) {
      return proxy(Statement.class, statement, (name, r) -> r);
    }
    return result;
  }

  private interface ResultMapper {
    Object map(String method, Object result);
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type, T target, ResultMapper mapper) {
    return (T)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              if (Statement.class.isAssignableFrom(type) && EXECUTIONS.contains(method.getName())) {
                statements.incrementAndGet();
              }
              try {
                return mapper.map(method.getName(), method.invoke(target, args));
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
