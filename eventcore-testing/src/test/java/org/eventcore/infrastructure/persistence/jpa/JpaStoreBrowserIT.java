package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.application.operations.StoreBrowser;
import org.junit.jupiter.api.Test;

/** The operator's queries of {@link JpaStoreBrowser} on a real PostgreSQL. */
class JpaStoreBrowserIT {

  private final TestDatabase db = TestDatabase.get();

  private <T> T browse(java.util.function.Function<StoreBrowser, T> work) {
    return db.inTransactionWith(em -> work.apply(new JpaStoreBrowser(em)));
  }

  private AppendResult append(String stream, EventMetadata metadata, int count) {
    List<NewEvent> events =
        java.util.stream.IntStream.range(0, count)
            .mapToObj(i -> NewEvent.of("Noted", "{\"i\":" + i + "}", metadata))
            .toList();
    return db.inTransaction(
        store ->
            store.append(
                List.of(new StreamWrite(StreamId.of(stream), ExpectedVersion.any(), events))));
  }

  @Test
  void findsStreamsByPrefixInIdOrderPageByPage() {
    String prefix = "browse-" + UUID.randomUUID() + "-";
    for (String name : List.of("c", "a", "b")) {
      append(prefix + name, EventMetadata.EMPTY, name.equals("b") ? 2 : 1);
    }
    append("other-" + prefix + "x", EventMetadata.EMPTY, 1);

    List<StoreBrowser.StreamHead> first =
        browse(b -> b.streamsByPrefix(prefix, Optional.empty(), 2));
    assertThat(first)
        .extracting(StoreBrowser.StreamHead::streamId)
        .containsExactly(prefix + "a", prefix + "b");
    assertThat(first.get(1).version().value()).isEqualTo(2);
    List<StoreBrowser.StreamHead> rest =
        browse(b -> b.streamsByPrefix(prefix, Optional.of(prefix + "b"), 2));
    assertThat(rest).extracting(StoreBrowser.StreamHead::streamId).containsExactly(prefix + "c");
    // pattern characters in a prefix are plain characters
    List<StoreBrowser.StreamHead> pattern =
        browse(b -> b.streamsByPrefix("browse-%", Optional.empty(), 10));
    assertThat(pattern).isEmpty();
  }

  @Test
  void findsTheEventOfAnIdAndTheEventsCorrelatedWithOrCausedByItInOrder() {
    String correlation = "corr-" + UUID.randomUUID();
    AppendResult cause =
        append("links-" + UUID.randomUUID(), EventMetadata.EMPTY.withCorrelationId(correlation), 1);
    String causeId = cause.events().get(0).id().toString();
    append(
        "links-" + UUID.randomUUID(),
        EventMetadata.EMPTY.withCorrelationId(correlation).withCausationId(causeId),
        2);
    append("links-" + UUID.randomUUID(), EventMetadata.EMPTY.withCorrelationId("unrelated"), 1);

    List<StoredEvent> correlated = browse(b -> b.linkedTo(correlation, 100_000, 100));
    assertThat(correlated).hasSize(3);
    assertThat(correlated)
        .extracting(StoredEvent::globalPosition)
        .isSorted()
        .doesNotHaveDuplicates();

    List<StoredEvent> caused = browse(b -> b.linkedTo(causeId, 100_000, 100));
    assertThat(caused).hasSize(3); // the cause itself (by its id) and the two it caused
    assertThat(caused.get(0).id().toString()).isEqualTo(causeId);

    List<StoredEvent> limited = browse(b -> b.linkedTo(correlation, 100_000, 2));
    assertThat(limited).hasSize(2);
  }

  @Test
  void looksForCorrelationsOnlyAmongTheNewestEventsOfTheWindowButForAnEventIdEverywhere() {
    String correlation = "old-" + UUID.randomUUID();
    AppendResult old =
        append("links-" + UUID.randomUUID(), EventMetadata.EMPTY.withCorrelationId(correlation), 1);
    append("links-" + UUID.randomUUID(), EventMetadata.EMPTY, 3);

    List<StoredEvent> outside = browse(b -> b.linkedTo(correlation, 3, 100));
    assertThat(outside).isEmpty();
    List<StoredEvent> inside = browse(b -> b.linkedTo(correlation, 4, 100));
    assertThat(inside).hasSize(1);
    String eventId = old.events().get(0).id().toString();
    List<StoredEvent> byId = browse(b -> b.linkedTo(eventId, 1, 100));
    assertThat(byId).extracting(e -> e.id().toString()).containsExactly(eventId);
  }

  @Test
  void theFeedEndIsTheCursorAfterTheNewestEventAFeedReaderSees() {
    AppendResult written = append("end-" + UUID.randomUUID(), EventMetadata.EMPTY, 2);
    FeedCursor end = browse(StoreBrowser::feedEnd);
    assertThat(end.compareTo(written.cursor())).isGreaterThanOrEqualTo(0);
    FeedPage after = db.inTransaction(store -> store.readFeed(end, 10));
    assertThat(after.events()).isEmpty();

    AppendResult later = append("end-" + UUID.randomUUID(), EventMetadata.EMPTY, 1);
    FeedPage next = db.inTransaction(store -> store.readFeed(end, 10));
    assertThat(next.events())
        .extracting(StoredEvent::id)
        .containsExactly(later.events().get(0).id());
  }
}
