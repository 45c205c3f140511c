package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.junit.jupiter.api.Test;

/** LISTEN/NOTIFY wake-ups on PostgreSQL: the trigger of migration V4 and the listener. */
class FeedNotificationListenerIT {

  private final TestDatabase db = TestDatabase.shared();

  private void append() {
    db.inTransaction(
        store ->
            store.append(
                List.of(
                    new StreamWrite(
                        StreamId.of("notify-" + UUID.randomUUID()),
                        ExpectedVersion.any(),
                        List.of(NewEvent.of("Noticed", "{}", EventMetadata.EMPTY))))));
  }

  private static void drain(Semaphore wakeUps) throws InterruptedException {
    while (wakeUps.tryAcquire(300, TimeUnit.MILLISECONDS)) {
      // wake-ups of other tests' appends
    }
  }

  @Test
  void aCommittedAppendWakesTheListenerAndAnUncommittedOneDoesNot() throws Exception {
    Semaphore wakeUps = new Semaphore(0);
    FeedNotificationListener listener =
        new FeedNotificationListener(db.dataSource, wakeUps::release, Duration.ofSeconds(1));
    Thread thread = new Thread(listener);
    thread.start();
    EntityManager open = null;
    try {
      waitUntil(listener::listening);
      drain(wakeUps);

      open = db.inTransactionWith(em -> em.getEntityManagerFactory()).createEntityManager();
      open.getTransaction().begin();
      new JpaEventStore(open)
          .append(
              List.of(
                  new StreamWrite(
                      StreamId.of("notify-open-" + UUID.randomUUID()),
                      ExpectedVersion.any(),
                      List.of(NewEvent.of("NotYet", "{}", EventMetadata.EMPTY)))));
      assertThat(wakeUps.tryAcquire(1, TimeUnit.SECONDS))
          .as("no notification before the commit")
          .isFalse();

      open.getTransaction().commit();
      assertThat(wakeUps.tryAcquire(5, TimeUnit.SECONDS)).as("notified at commit").isTrue();

      append();
      assertThat(wakeUps.tryAcquire(5, TimeUnit.SECONDS)).as("notified again").isTrue();
    } finally {
      if (open != null) {
        if (open.getTransaction().isActive()) {
          open.getTransaction().rollback();
        }
        open.close();
      }
      listener.stop();
      thread.join(5_000);
    }
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void whenTheDatabaseIsAwayItBacksOffAndWakesOnceItListensAgain() throws Exception {
    Semaphore wakeUps = new Semaphore(0);
    AtomicInteger refusals = new AtomicInteger(2);
    DataSource flaky = new RefusingFirst(db.dataSource, refusals);
    FeedNotificationListener listener =
        new FeedNotificationListener(flaky, wakeUps::release, Duration.ofMillis(300));
    Thread thread = new Thread(listener);
    thread.start();
    try {
      assertThat(wakeUps.tryAcquire(10, TimeUnit.SECONDS))
          .as("a catch-up wake-up once connected again (notifications may have been missed)")
          .isTrue();
      assertThat(refusals.get()).isNegative();
      assertThat(listener.listening()).isTrue();
      drain(wakeUps);
      append();
      assertThat(wakeUps.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      listener.stop();
      thread.join(5_000);
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  /** A data source that refuses the first connections, as while the database restarts. */
  private record RefusingFirst(DataSource delegate, AtomicInteger refusals) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      if (refusals.getAndDecrement() > 0) {
        throw new SQLException("Connection refused", "08001");
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return delegate.isWrapperFor(type);
    }
  }
}
