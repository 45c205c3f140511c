package org.eventcore.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eventcore.application.command.CommandResult;
import org.eventcore.application.command.CommitOutcomes;

/**
 * {@link CommitOutcomes} on PostgreSQL, from the transaction id the events were written in ({@code
 * eventcore.events.transaction_id}, which the attempt read back from its insert):
 *
 * <ol>
 *   <li>{@code pg_xact_status(xid)} says {@code committed} or {@code aborted}: that is the answer,
 *       checked against the events themselves (all of the command's event ids stored, or none);
 *   <li>{@code in progress}: the broken connection's backend has not noticed yet that its client is
 *       gone. Nothing will ever be sent on that connection again, so the backend is ended ({@code
 *       pg_terminate_backend}): PostgreSQL then either completes a commit already under way or
 *       rolls back, and the next look gives the final status;
 *   <li>the database cannot be reached: looked at again until the time given has passed, then
 *       {@link Outcome#UNKNOWN}.
 * </ol>
 *
 * <p>Each look uses a new connection from the pool, without a JTA transaction.
 */
@ApplicationScoped
public class PostgresCommitOutcomes implements CommitOutcomes {

  private static final Logger LOG = Logger.getLogger(PostgresCommitOutcomes.class.getName());
  private static final long PAUSE_BETWEEN_LOOKS_MILLIS = 100;

  private static final String STATUS = "select pg_xact_status(?::text::xid8)";

  private static final String STORED =
      "select count(*) from eventcore.events where event_id = any(?::uuid[])";

  /** {@code backend_xid} is the 32-bit form of the transaction id. */
  private static final String END_BACKEND =
      "select pg_terminate_backend(pid) from pg_stat_activity"
          + " where backend_xid::text = (?::bigint % 4294967296)::text";

  @Resource(lookup = EventCoreDataSource.JNDI_NAME)
  private DataSource dataSource;

  @Override
  public Outcome outcomeOf(CommandResult decided, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    long transaction = decided.cursor().transaction();
    UUID[] ids = decided.events().stream().map(e -> e.id().value()).toArray(UUID[]::new);
    while (true) {
      try (Connection connection = dataSource.getConnection()) {
        Outcome outcome = look(connection, transaction, ids);
        if (outcome != Outcome.UNKNOWN) {
          return outcome;
        }
      } catch (SQLException | RuntimeException e) {
        LOG.log(
            Level.FINE,
            "Outcome of transaction {0} not known yet: {1}",
            new Object[] {Long.toString(transaction), e.getMessage()});
      }
      if (System.nanoTime() + PAUSE_BETWEEN_LOOKS_MILLIS * 1_000_000 > deadline) {
        return Outcome.UNKNOWN;
      }
      try {
        Thread.sleep(PAUSE_BETWEEN_LOOKS_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.UNKNOWN;
      }
    }
  }

  private static Outcome look(Connection connection, long transaction, UUID[] ids)
      throws SQLException {
    String status;
    try (PreparedStatement query = connection.prepareStatement(STATUS)) {
      query.setString(1, Long.toString(transaction));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        status = row.getString(1);
      }
    }
    if ("in progress".equals(status)) {
      try (PreparedStatement end = connection.prepareStatement(END_BACKEND)) {
        end.setLong(1, transaction);
        end.executeQuery().close();
      }
      return Outcome.UNKNOWN;
    }
    long stored;
    try (PreparedStatement query = connection.prepareStatement(STORED)) {
      query.setArray(1, connection.createArrayOf("uuid", ids));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        stored = row.getLong(1);
      }
    }
    if (stored == ids.length) {
      return Outcome.COMMITTED;
    }
    if (stored == 0 && ("aborted".equals(status) || status == null)) {
      // null: the id is older than PostgreSQL's status horizon; no event of it is stored
      return Outcome.NOT_COMMITTED;
    }
    throw new IllegalStateException(
        "Transaction "
            + transaction
            + " is "
            + status
            + " but "
            + stored
            + " of its "
            + ids.length
            + " events are stored");
  }
}
