package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.StreamWrite;
import org.junit.jupiter.api.Test;

/** {@link JpaEventStore} on a real PostgreSQL, in transactions the test owns. */
class JpaEventStoreIT {

  private final TestDatabase db = TestDatabase.get();

  private static StreamId freshStream(String prefix) {
    return StreamId.of(prefix + "-" + UUID.randomUUID());
  }

  private static NewEvent event(String type, String payload) {
    return NewEvent.of(type, payload, EventMetadata.EMPTY.withCorrelationId("corr-1"));
  }

  private <T> T inTransaction(Function<JpaEventStore, T> work) {
    EntityManager em = db.entityManagerFactory.createEntityManager();
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

  @Test
  void appendsToANewStreamAndReadsTheEventsBack() {
    StreamId stream = freshStream("account");
    AppendResult result =
        inTransaction(
            store ->
                store.append(
                    List.of(
                        new StreamWrite(
                            stream,
                            ExpectedVersion.noStream(),
                            List.of(
                                event("AccountOpened", "{\"owner\":\"Alice\"}"),
                                event("MoneyDeposited", "{\"amount\":100}"))))));

    assertThat(result.streamVersions()).containsEntry(stream, StreamVersion.of(2));
    assertThat(result.events()).extracting(e -> e.version().value()).containsExactly(1L, 2L);
    assertThat(result.events().get(1).globalPosition())
        .isGreaterThan(result.events().get(0).globalPosition());

    StreamEvents read = inTransaction(store -> store.read(stream, ReadOptions.all()));
    assertThat(read.version()).isEqualTo(StreamVersion.of(2));
    assertThat(read.events())
        .extracting(StoredEvent::type)
        .containsExactly("AccountOpened", "MoneyDeposited");
    StoredEvent first = read.events().get(0);
    assertThat(first.payload()).contains("\"owner\"").contains("Alice");
    assertThat(first.metadata().correlationId()).contains("corr-1");
    assertThat(first.id()).isEqualTo(result.events().get(0).id());
  }

  @Test
  void refusesAStaleExpectationAndWritesNothing() {
    StreamId stream = freshStream("account");
    inTransaction(
        store ->
            store.append(
                List.of(
                    new StreamWrite(
                        stream, ExpectedVersion.noStream(), List.of(event("A", "{}"))))));

    assertThatThrownBy(
            () ->
                inTransaction(
                    store ->
                        store.append(
                            List.of(
                                new StreamWrite(
                                    stream,
                                    ExpectedVersion.noStream(),
                                    List.of(event("B", "{}")))))))
        .isInstanceOf(StreamVersionConflictException.class)
        .satisfies(
            e -> {
              var conflict = ((StreamVersionConflictException) e).conflicts().get(0);
              assertThat(conflict.streamId()).isEqualTo(stream);
              assertThat(conflict.actual()).isEqualTo(StreamVersion.of(1));
            });

    assertThat(inTransaction(store -> store.read(stream, ReadOptions.all())).events()).hasSize(1);
  }

  @Test
  void writesSeveralStreamsAllOrNothing() {
    StreamId from = freshStream("account");
    StreamId to = freshStream("account");
    StreamId audit = freshStream("audit");
    inTransaction(
        store ->
            store.append(
                List.of(
                    new StreamWrite(
                        to, ExpectedVersion.noStream(), List.of(event("Opened", "{}"))))));

    // 'to' is at version 1, so expecting NoStream on it must fail the whole append
    assertThatThrownBy(
            () ->
                inTransaction(
                    store ->
                        store.append(
                            List.of(
                                new StreamWrite(
                                    from,
                                    ExpectedVersion.noStream(),
                                    List.of(event("Debited", "{}"))),
                                new StreamWrite(
                                    to,
                                    ExpectedVersion.noStream(),
                                    List.of(event("Credited", "{}"))),
                                new StreamWrite(
                                    audit,
                                    ExpectedVersion.any(),
                                    List.of(event("Logged", "{}")))))))
        .isInstanceOf(StreamVersionConflictException.class);

    Map<StreamId, StreamVersion> versions =
        inTransaction(store -> store.currentVersions(List.of(from, to, audit)));
    assertThat(versions)
        .containsEntry(from, StreamVersion.EMPTY)
        .containsEntry(to, StreamVersion.of(1))
        .containsEntry(audit, StreamVersion.EMPTY);
  }

  @Test
  void eventsCannotBeUpdatedOrDeleted() throws SQLException {
    StreamId stream = freshStream("immutable");
    inTransaction(
        store ->
            store.append(
                List.of(
                    new StreamWrite(stream, ExpectedVersion.any(), List.of(event("A", "{}"))))));
    try (Connection connection = db.dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(
              () ->
                  statement.executeUpdate(
                      "update eventcore.events set event_type = 'B' where stream_id = '"
                          + stream
                          + "'"))
          .hasMessageContaining("events are immutable");
      assertThatThrownBy(
              () ->
                  statement.executeUpdate(
                      "delete from eventcore.events where stream_id = '" + stream + "'"))
          .hasMessageContaining("events are immutable");
    }
  }
}
