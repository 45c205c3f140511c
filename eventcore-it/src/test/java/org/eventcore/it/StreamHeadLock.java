package org.eventcore.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A row lock on a stream's head, held by the test in its own database session, so that a command of
 * the server under test stops exactly where it locks that stream (its append) and the test can make
 * something happen meanwhile — an interleaving forced by the database, not left to timing. {@link
 * #close()} rolls back and so releases the lock.
 */
final class StreamHeadLock implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Connection connection;
  private final int pid;

  private StreamHeadLock(Connection connection, int pid) {
    this.connection = connection;
    this.pid = pid;
  }

  /** Locks the head row of {@code streamId} (which must exist) until {@link #close()}. */
  static StreamHeadLock on(String streamId) throws SQLException {
    Connection connection = ServerDatabase.database().connect();
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement lock =
          connection.prepareStatement(
              "select version from eventcore.streams where stream_id = ? for update")) {
        lock.setString(1, streamId);
        try (ResultSet row = lock.executeQuery()) {
          if (!row.next()) {
            throw new IllegalStateException("no stream " + streamId + " to lock");
          }
        }
      }
      try (ResultSet row = connection.createStatement().executeQuery("select pg_backend_pid()")) {
        row.next();
        return new StreamHeadLock(connection, row.getInt(1));
      }
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The database session of the lock's holder. */
  int pid() {
    return pid;
  }

  /**
   * Waits (at most 60 s) until {@code count} database sessions of the server wait, directly or
   * behind another waiter (PostgreSQL queues a second waiter for a row behind the first), on a lock
   * held by the session {@code pid}, and returns their session ids.
   */
  static List<Integer> awaitSessionsBlockedBy(int pid, int count) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    try (Connection watcher = ServerDatabase.database().connect();
        PreparedStatement waiting =
            watcher.prepareStatement(
                "with recursive waiter(pid) as ("
                    + " select pid from pg_stat_activity where ? = any(pg_blocking_pids(pid))"
                    + " union select activity.pid from pg_stat_activity activity, waiter"
                    + " where waiter.pid = any(pg_blocking_pids(activity.pid)))"
                    + " select pid from waiter")) {
      waiting.setInt(1, pid);
      while (Instant.now().isBefore(deadline)) {
        List<Integer> blocked = new ArrayList<>();
        try (ResultSet rows = waiting.executeQuery()) {
          while (rows.next()) {
            blocked.add(rows.getInt(1));
          }
        }
        if (blocked.size() >= count) {
          return blocked;
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError(
        count + " database sessions did not come to wait on session " + pid + " within " + WAIT);
  }

  @Override
  public void close() throws SQLException {
    try {
      connection.rollback();
    } finally {
      connection.close();
    }
  }
}
