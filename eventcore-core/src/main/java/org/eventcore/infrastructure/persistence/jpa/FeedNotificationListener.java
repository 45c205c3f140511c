package org.eventcore.infrastructure.persistence.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on the PostgreSQL channel {@value #CHANNEL}, which a trigger on {@code eventcore.events}
 * notifies when a transaction that appended events commits, and calls {@code onEvents} for each
 * wake-up. It holds one connection of the data source for as long as it runs; when the connection
 * fails it backs off, reconnects and calls {@code onEvents} once (notifications may have been
 * missed meanwhile).
 *
 * <p>A notification only means "look again": a reader still decides from the feed horizon what it
 * may read, and still polls now and then, because a transaction that appends nothing (but held the
 * horizon back) sends no notification when it ends.
 */
public final class FeedNotificationListener implements Runnable {

  /** The channel the {@code events_notify_appended} trigger notifies. */
  public static final String CHANNEL = "eventcore_events";

  private static final Logger LOG = Logger.getLogger(FeedNotificationListener.class.getName());
  private static final int WAIT_MILLIS = 500;

  private final DataSource dataSource;
  private final Runnable onEvents;
  private final Duration maxBackoff;
  private volatile boolean stopRequested;
  private volatile boolean listening;

  public FeedNotificationListener(DataSource dataSource, Runnable onEvents, Duration maxBackoff) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.onEvents = Objects.requireNonNull(onEvents, "onEvents");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
  }

  @Override
  public void run() {
    long failures = 0;
    while (!stopRequested) {
      try (Connection connection = dataSource.getConnection()) {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        listening = true;
        if (failures > 0) {
          LOG.info("Listening for new events again");
          onEvents.run();
        }
        failures = 0;
        while (!stopRequested) {
          PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            onEvents.run();
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        failures++;
        long millis = Math.min(maxBackoff.toMillis(), 250L * (1L << Math.min(10, failures)));
        LOG.log(
            failures == 1 ? Level.WARNING : Level.FINE,
            "Event notifications unavailable, polling only; retrying in {0} ms: {1}",
            new Object[] {millis, e.getMessage()});
        pause(millis);
      }
    }
    listening = false;
  }

  private void pause(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (!stopRequested && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, deadline - System.currentTimeMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopRequested = true;
      }
    }
  }

  /** Ends the loop within about {@value #WAIT_MILLIS} ms; the connection goes back to the pool. */
  public void stop() {
    stopRequested = true;
  }

  /** Whether the listener currently holds a listening connection. */
  public boolean listening() {
    return listening;
  }
}
