package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL store promises beyond the contract: the schema protects the events. */
class JpaEventStoreIT {

  private final TestDatabase db = TestDatabase.get();

  @Test
  void eventsCannotBeUpdatedDeletedOrTruncated() throws SQLException {
    StreamId stream = StreamId.of("immutable-" + UUID.randomUUID());
    db.inTransaction(
        store ->
            store.append(
                List.of(
                    new StreamWrite(
                        stream,
                        ExpectedVersion.any(),
                        List.of(NewEvent.of("A", "{}", EventMetadata.EMPTY))))));
    try (Connection connection = db.dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(
              () ->
                  statement.executeUpdate(
                      "update eventcore.events set event_type = 'B' where stream_id = '"
                          + stream
                          + "'"))
          .hasMessageContaining("events are immutable: UPDATE");
      assertThatThrownBy(
              () ->
                  statement.executeUpdate(
                      "delete from eventcore.events where stream_id = '" + stream + "'"))
          .hasMessageContaining("events are immutable: DELETE");
      assertThatThrownBy(() -> statement.executeUpdate("truncate eventcore.events cascade"))
          .hasMessageContaining("events are immutable: TRUNCATE");
    }
    assertThat(
            db.inTransaction(store -> store.currentVersions(List.of(stream))).get(stream).value())
        .isEqualTo(1);
  }

  /**
   * Regression: the feed query once ordered by its text alias of {@code transaction_id}, so
   * transaction 10 came before transaction 9 ("10" &lt; "9") and pages overlapped. Rows with such
   * transaction ids are inserted directly (they are older than any running transaction).
   */
  @Test
  void bugFeedOrderedTransactionIdsAsTextInsteadOfNumbers() throws SQLException {
    String stream = "xid-order-" + UUID.randomUUID();
    UUID nine = UUID.randomUUID();
    UUID ten = UUID.randomUUID();
    try (Connection connection = db.dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "insert into eventcore.streams (stream_id, version) values ('" + stream + "', 2)");
      statement.execute(
          "insert into eventcore.events (event_id, stream_id, stream_version, event_type, payload,"
              + " transaction_id) values ('"
              + ten
              + "', '"
              + stream
              + "', 1, 'Ten', '{}', '10'::xid8), ('"
              + nine
              + "', '"
              + stream
              + "', 2, 'Nine', '{}', '9'::xid8)");
    }

    FeedPage first = db.inTransaction(store -> store.readFeed(FeedCursor.START, 1));
    FeedPage second = db.inTransaction(store -> store.readFeed(first.next(), 1));

    assertThat(first.events()).extracting(e -> e.id().value()).containsExactly(nine);
    assertThat(second.events()).extracting(e -> e.id().value()).containsExactly(ten);
  }
}
