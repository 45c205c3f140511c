package org.eventcore.infrastructure.persistence.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamVersion;
import org.eventcore.application.operations.StoreBrowser;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * {@link StoreBrowser} on PostgreSQL, each call one read-only statement (two for {@link
 * #linkedTo}):
 *
 * <ul>
 *   <li>streams by prefix walk the heads' primary key in stream-id order and stop after {@code
 *       limit} matches ({@code starts_with}, so no pattern characters to escape);
 *   <li>linked events: the event id through its unique index; correlation and causation ids only
 *       among the last {@code window} positions of the feed (the metadata has no index — adding one
 *       would cost every append — so the scan is kept to a range of the primary key);
 *   <li>the feed's end through the feed index ({@code events_feed_idx}), backwards, below the
 *       horizon of running transactions, as the feed itself reads.
 * </ul>
 */
@ApplicationScoped
@Transactional
public class JpaStoreBrowser implements StoreBrowser {

  private static final String COLUMNS =
      "select e.global_position, e.event_id, e.stream_id, e.stream_version, e.event_type,"
          + " e.schema_version, e.payload::text as payload_text,"
          + " e.metadata::text as metadata_text, e.recorded_at from eventcore.events e";

  @PersistenceContext(unitName = "eventcore")
  private EntityManager entityManager;

  /** For CDI. */
  protected JpaStoreBrowser() {}

  /** A browser that works in the transactions of {@code entityManager}. */
  public JpaStoreBrowser(EntityManager entityManager) {
    this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
  }

  @Override
  public List<StreamHead> streamsByPrefix(String prefix, Optional<String> after, int limit) {
    return work(
        connection -> {
          List<StreamHead> heads = new ArrayList<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "select stream_id, version from eventcore.streams"
                      + " where starts_with(stream_id, ?) and stream_id > ?"
                      + " order by stream_id limit ?")) {
            query.setString(1, prefix);
            query.setString(2, after.orElse(""));
            query.setInt(3, limit);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                heads.add(new StreamHead(rows.getString(1), StreamVersion.of(rows.getLong(2))));
              }
            }
          }
          return heads;
        });
  }

  @Override
  public List<StoredEvent> linkedTo(String id, long window, int limit) {
    return work(
        connection -> {
          List<StoredEvent> events = new ArrayList<>();
          Optional<UUID> eventId = uuid(id);
          if (eventId.isPresent()) {
            try (PreparedStatement query =
                connection.prepareStatement(COLUMNS + " where e.event_id = ?")) {
              query.setObject(1, eventId.get());
              read(query, events);
            }
          }
          try (PreparedStatement query =
              connection.prepareStatement(
                  COLUMNS
                      + " where e.global_position > (select coalesce(max(global_position), 0)"
                      + " from eventcore.events) - ?"
                      + " and (e.metadata->>'correlationId' = ? or e.metadata->>'causationId' = ?)"
                      + " order by e.global_position limit ?")) {
            query.setLong(1, window);
            query.setString(2, id);
            query.setString(3, id);
            query.setInt(4, limit);
            read(query, events);
          }
          return events.stream()
              .distinct()
              .sorted(Comparator.comparingLong(StoredEvent::globalPosition))
              .limit(limit)
              .toList();
        });
  }

  @Override
  public FeedCursor feedEnd() {
    return work(
        connection -> {
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "select transaction_id::text, global_position from eventcore.events"
                          + " where transaction_id < pg_snapshot_xmin(pg_current_snapshot())"
                          + " order by transaction_id desc, global_position desc limit 1");
              ResultSet row = query.executeQuery()) {
            return row.next()
                ? new FeedCursor(Long.parseLong(row.getString(1)), row.getLong(2))
                : FeedCursor.START;
          }
        });
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }

  private static void read(PreparedStatement query, List<StoredEvent> into) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        into.add(EventRows.current(rows));
      }
    }
  }

  private <T> T work(ReturningWork<T> work) {
    try {
      return entityManager.unwrap(Session.class).doReturningWork(work);
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }
}
