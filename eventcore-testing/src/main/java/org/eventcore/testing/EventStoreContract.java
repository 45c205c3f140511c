package org.eventcore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eventcore.api.AppendResult;
import org.eventcore.api.DuplicateEventIdException;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.EventStore;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.StreamVersionConflictException.Conflict;
import org.eventcore.api.StreamWrite;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} must do, whatever its storage. A store's test extends this class
 * and says how to run work in one transaction. Tests use fresh stream ids, so they need no clean
 * database and may share one.
 */
public abstract class EventStoreContract {

  /** Runs {@code work} against the store in one transaction, committed if it returns normally. */
  protected abstract <T> T inTransaction(Function<EventStore, T> work);

  protected static StreamId fresh(String prefix) {
    return StreamId.of(prefix + "-" + UUID.randomUUID());
  }

  protected static NewEvent event(String type) {
    return NewEvent.of(type, "{\"type\":\"" + type + "\"}", EventMetadata.EMPTY);
  }

  protected AppendResult append(StreamId stream, ExpectedVersion expected, NewEvent... events) {
    return appendAll(new StreamWrite(stream, expected, List.of(events)));
  }

  protected AppendResult appendAll(StreamWrite... writes) {
    return inTransaction(store -> store.append(List.of(writes)));
  }

  protected StreamVersion versionOf(StreamId stream) {
    return inTransaction(store -> store.currentVersions(List.of(stream))).get(stream);
  }

  protected List<StoredEvent> eventsOf(StreamId stream) {
    return inTransaction(store -> store.read(stream, ReadOptions.all())).events();
  }

  // ---- version numbering

  @Test
  void versionsStartAtOneAndAreContiguousAcrossAppends() {
    StreamId stream = fresh("numbering");
    assertThat(versionOf(stream)).isEqualTo(StreamVersion.EMPTY);

    AppendResult first = append(stream, ExpectedVersion.noStream(), event("A"), event("B"));
    AppendResult second = append(stream, ExpectedVersion.exact(2), event("C"));

    assertThat(first.events()).extracting(e -> e.version().value()).containsExactly(1L, 2L);
    assertThat(second.events()).extracting(e -> e.version().value()).containsExactly(3L);
    assertThat(second.streamVersions()).containsEntry(stream, StreamVersion.of(3));
    assertThat(eventsOf(stream))
        .extracting(e -> e.version().value(), StoredEvent::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "A"),
            org.assertj.core.groups.Tuple.tuple(2L, "B"),
            org.assertj.core.groups.Tuple.tuple(3L, "C"));
  }

  @Test
  void globalPositionsIncreaseInWriteOrder() {
    StreamId a = fresh("position");
    StreamId b = fresh("position");
    AppendResult result =
        appendAll(
            new StreamWrite(a, ExpectedVersion.any(), List.of(event("A1"), event("A2"))),
            new StreamWrite(b, ExpectedVersion.any(), List.of(event("B1"))));
    List<Long> positions = result.events().stream().map(e -> e.globalPosition()).toList();
    assertThat(positions).isSorted().doesNotHaveDuplicates();
    assertThat(positions.get(0)).isPositive();
  }

  // ---- each expectation

  @Test
  void noStreamAcceptsANewStreamAndRefusesAnExistingOne() {
    StreamId stream = fresh("nostream");
    append(stream, ExpectedVersion.noStream(), event("A"));

    assertThatThrownBy(() -> append(stream, ExpectedVersion.noStream(), event("B")))
        .isInstanceOfSatisfying(
            StreamVersionConflictException.class,
            e ->
                assertThat(e.conflicts())
                    .containsExactly(
                        new Conflict(stream, ExpectedVersion.noStream(), StreamVersion.of(1))));
  }

  @Test
  void exactAcceptsTheCurrentVersionAndRefusesAnyOther() {
    StreamId stream = fresh("exact");
    append(stream, ExpectedVersion.noStream(), event("A"), event("B"));

    assertThatThrownBy(() -> append(stream, ExpectedVersion.exact(1), event("C")))
        .isInstanceOfSatisfying(
            StreamVersionConflictException.class,
            e ->
                assertThat(e.conflicts())
                    .containsExactly(
                        new Conflict(stream, ExpectedVersion.exact(1), StreamVersion.of(2))));
    assertThatThrownBy(() -> append(stream, ExpectedVersion.exact(3), event("C")))
        .isInstanceOf(StreamVersionConflictException.class);

    append(stream, ExpectedVersion.exact(2), event("C"));
    assertThat(versionOf(stream)).isEqualTo(StreamVersion.of(3));
  }

  @Test
  void exactZeroMeansTheStreamMustNotExist() {
    StreamId stream = fresh("exact0");
    append(stream, ExpectedVersion.exact(0), event("A"));
    assertThatThrownBy(() -> append(stream, ExpectedVersion.exact(0), event("B")))
        .isInstanceOf(StreamVersionConflictException.class);
  }

  @Test
  void streamExistsRefusesANewStreamAndAcceptsAnyVersionOfAnExistingOne() {
    StreamId stream = fresh("exists");
    assertThatThrownBy(() -> append(stream, ExpectedVersion.streamExists(), event("A")))
        .isInstanceOfSatisfying(
            StreamVersionConflictException.class,
            e -> assertThat(e.conflicts().get(0).actual()).isEqualTo(StreamVersion.EMPTY));
    assertThat(versionOf(stream)).isEqualTo(StreamVersion.EMPTY);

    append(stream, ExpectedVersion.noStream(), event("A"));
    append(stream, ExpectedVersion.streamExists(), event("B"));
    append(stream, ExpectedVersion.streamExists(), event("C"));
    assertThat(versionOf(stream)).isEqualTo(StreamVersion.of(3));
  }

  @Test
  void anyNeverFails() {
    StreamId stream = fresh("any");
    append(stream, ExpectedVersion.any(), event("A"));
    append(stream, ExpectedVersion.any(), event("B"));
    assertThat(versionOf(stream)).isEqualTo(StreamVersion.of(2));
  }

  // ---- multi-stream atomicity and read-only participants

  @Test
  void aConflictOnAWrittenStreamWritesNothing() {
    StreamId stream = fresh("written");
    append(stream, ExpectedVersion.noStream(), event("A"));

    assertThatThrownBy(() -> append(stream, ExpectedVersion.exact(0), event("B"), event("C")))
        .isInstanceOf(StreamVersionConflictException.class);

    assertThat(eventsOf(stream)).extracting(StoredEvent::type).containsExactly("A");
  }

  @Test
  void aReadOnlyParticipantIsCheckedToo() {
    StreamId readOnly = fresh("readonly");
    StreamId written = fresh("written");
    append(readOnly, ExpectedVersion.noStream(), event("Limit"));
    // the decision read readOnly at version 1; meanwhile someone appends to it
    append(readOnly, ExpectedVersion.exact(1), event("LimitChanged"));

    assertThatThrownBy(
            () ->
                appendAll(
                    StreamWrite.checkOnly(readOnly, ExpectedVersion.exact(1)),
                    new StreamWrite(written, ExpectedVersion.noStream(), List.of(event("A")))))
        .isInstanceOfSatisfying(
            StreamVersionConflictException.class,
            e ->
                assertThat(e.conflicts())
                    .containsExactly(
                        new Conflict(readOnly, ExpectedVersion.exact(1), StreamVersion.of(2))));
    assertThat(versionOf(written)).isEqualTo(StreamVersion.EMPTY);
  }

  @Test
  void aReadOnlyParticipantThatHoldsStillLetsTheWriteThroughAndKeepsItsVersion() {
    StreamId readOnly = fresh("readonly");
    StreamId written = fresh("written");
    append(readOnly, ExpectedVersion.noStream(), event("Limit"));

    AppendResult result =
        appendAll(
            StreamWrite.checkOnly(readOnly, ExpectedVersion.exact(1)),
            new StreamWrite(written, ExpectedVersion.noStream(), List.of(event("A"))));

    assertThat(result.streamVersions())
        .containsEntry(readOnly, StreamVersion.of(1))
        .containsEntry(written, StreamVersion.of(1));
    assertThat(eventsOf(readOnly)).hasSize(1);
  }

  @Test
  void threeStreamsAreWrittenAllOrNothing() {
    StreamId first = fresh("atomic");
    StreamId second = fresh("atomic");
    StreamId third = fresh("atomic");
    append(third, ExpectedVersion.noStream(), event("Existing"));

    assertThatThrownBy(
            () ->
                appendAll(
                    new StreamWrite(first, ExpectedVersion.noStream(), List.of(event("A"))),
                    new StreamWrite(second, ExpectedVersion.any(), List.of(event("B"))),
                    new StreamWrite(third, ExpectedVersion.noStream(), List.of(event("C")))))
        .isInstanceOfSatisfying(
            StreamVersionConflictException.class,
            e -> assertThat(e.conflicts()).extracting(Conflict::streamId).containsExactly(third));

    Map<StreamId, StreamVersion> versions =
        inTransaction(store -> store.currentVersions(List.of(first, second, third)));
    assertThat(versions)
        .containsEntry(first, StreamVersion.EMPTY)
        .containsEntry(second, StreamVersion.EMPTY)
        .containsEntry(third, StreamVersion.of(1));

    appendAll(
        new StreamWrite(first, ExpectedVersion.noStream(), List.of(event("A"))),
        new StreamWrite(second, ExpectedVersion.any(), List.of(event("B"))),
        new StreamWrite(third, ExpectedVersion.exact(1), List.of(event("C"))));
    Map<StreamId, StreamVersion> after =
        inTransaction(store -> store.currentVersions(List.of(first, second, third)));
    assertThat(after)
        .containsEntry(first, StreamVersion.of(1))
        .containsEntry(second, StreamVersion.of(1))
        .containsEntry(third, StreamVersion.of(2));
  }

  @Test
  void aConflictNamesEveryFailingStream() {
    StreamId a = fresh("conflict");
    StreamId b = fresh("conflict");
    append(a, ExpectedVersion.noStream(), event("A"));
    append(b, ExpectedVersion.noStream(), event("B"));

    assertThatThrownBy(
            () ->
                appendAll(
                    new StreamWrite(b, ExpectedVersion.exact(5), List.of(event("X"))),
                    new StreamWrite(a, ExpectedVersion.noStream(), List.of(event("Y")))))
        .isInstanceOfSatisfying(
            StreamVersionConflictException.class,
            e ->
                assertThat(e.conflicts())
                    .containsExactlyInAnyOrder(
                        new Conflict(a, ExpectedVersion.noStream(), StreamVersion.of(1)),
                        new Conflict(b, ExpectedVersion.exact(5), StreamVersion.of(1))));
  }

  @Test
  void aStreamMayAppearOnlyOncePerAppend() {
    StreamId stream = fresh("twice");
    assertThatThrownBy(
            () ->
                appendAll(
                    new StreamWrite(stream, ExpectedVersion.any(), List.of(event("A"))),
                    new StreamWrite(stream, ExpectedVersion.any(), List.of(event("B")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than once");
    assertThat(versionOf(stream)).isEqualTo(StreamVersion.EMPTY);
  }

  // ---- event ids

  @Test
  void eventIdsAreKeptAsGiven() {
    StreamId stream = fresh("ids");
    NewEvent event = event("A");
    AppendResult result = append(stream, ExpectedVersion.any(), event);
    assertThat(result.events().get(0).id()).isEqualTo(event.id());
    assertThat(eventsOf(stream).get(0).id()).isEqualTo(event.id());
  }

  @Test
  void aDuplicateEventIdIsRejectedWithoutSideEffects() {
    StreamId first = fresh("dup");
    StreamId second = fresh("dup");
    NewEvent stored = event("A");
    append(first, ExpectedVersion.any(), stored);

    NewEvent again = new NewEvent(stored.id(), "B", 1, "{}", EventMetadata.EMPTY);
    assertThatThrownBy(
            () ->
                appendAll(
                    new StreamWrite(second, ExpectedVersion.any(), List.of(event("C"))),
                    new StreamWrite(first, ExpectedVersion.any(), List.of(again))))
        .isInstanceOf(DuplicateEventIdException.class);

    assertThat(versionOf(first)).isEqualTo(StreamVersion.of(1));
    assertThat(versionOf(second)).isEqualTo(StreamVersion.EMPTY);
  }

  @Test
  void aDuplicateEventIdWithinOneAppendIsRejected() {
    StreamId stream = fresh("dup");
    EventId id = EventId.generate();
    assertThatThrownBy(
            () ->
                append(
                    stream,
                    ExpectedVersion.any(),
                    new NewEvent(id, "A", 1, "{}", EventMetadata.EMPTY),
                    new NewEvent(id, "B", 1, "{}", EventMetadata.EMPTY)))
        .isInstanceOf(DuplicateEventIdException.class);
    assertThat(versionOf(stream)).isEqualTo(StreamVersion.EMPTY);
  }

  // ---- reads

  @Test
  void readOptionsSelectRangeCountAndDirection() {
    StreamId stream = fresh("read");
    append(
        stream,
        ExpectedVersion.noStream(),
        event("1"),
        event("2"),
        event("3"),
        event("4"),
        event("5"));

    assertThat(read(stream, ReadOptions.forwardFrom(2, 2))).containsExactly(2L, 3L);
    assertThat(read(stream, ReadOptions.forwardFrom(4, 100))).containsExactly(4L, 5L);
    assertThat(read(stream, ReadOptions.forwardFrom(2, 100).upTo(3))).containsExactly(2L, 3L);
    assertThat(read(stream, ReadOptions.backwardFrom(Long.MAX_VALUE, 2))).containsExactly(5L, 4L);
    assertThat(read(stream, ReadOptions.backwardFrom(3, 10))).containsExactly(3L, 2L, 1L);
    assertThat(read(stream, ReadOptions.forwardFrom(6, 10))).isEmpty();

    StreamEvents limited =
        inTransaction(store -> store.read(stream, ReadOptions.forwardFrom(1, 1)));
    assertThat(limited.version())
        .as("the stream's version, not the last returned")
        .isEqualTo(StreamVersion.of(5));
  }

  private List<Long> read(StreamId stream, ReadOptions options) {
    return inTransaction(store -> store.read(stream, options)).events().stream()
        .map(e -> e.version().value())
        .toList();
  }

  @Test
  void anUnknownStreamReadsEmpty() {
    StreamEvents read = inTransaction(store -> store.read(fresh("unknown"), ReadOptions.all()));
    assertThat(read.version()).isEqualTo(StreamVersion.EMPTY);
    assertThat(read.events()).isEmpty();
  }

  @Test
  void severalStreamsAreReadInOneCall() {
    StreamId a = fresh("many");
    StreamId b = fresh("many");
    StreamId unknown = fresh("many");
    append(a, ExpectedVersion.noStream(), event("A1"), event("A2"));
    append(b, ExpectedVersion.noStream(), event("B1"));

    Map<StreamId, StreamEvents> read =
        inTransaction(store -> store.readStreams(List.of(b, unknown, a)));

    assertThat(read.keySet()).containsExactly(b, unknown, a);
    assertThat(read.get(a).version()).isEqualTo(StreamVersion.of(2));
    assertThat(read.get(a).events()).extracting(StoredEvent::type).containsExactly("A1", "A2");
    assertThat(read.get(b).events()).extracting(StoredEvent::type).containsExactly("B1");
    assertThat(read.get(unknown).events()).isEmpty();
    assertThat(read.get(unknown).version()).isEqualTo(StreamVersion.EMPTY);
  }

  @Test
  void readStreamsAfterReturnsOnlyTheNewerEventsOfEachStreamInTheOrderGiven() {
    StreamId a = fresh("after");
    StreamId b = fresh("after");
    StreamId unknown = fresh("after");
    append(a, ExpectedVersion.noStream(), event("A1"), event("A2"), event("A3"));
    append(b, ExpectedVersion.noStream(), event("B1"), event("B2"));

    Map<StreamId, StreamVersion> after = new java.util.LinkedHashMap<>();
    after.put(b, StreamVersion.of(1));
    after.put(unknown, StreamVersion.EMPTY);
    after.put(a, StreamVersion.of(2));
    Map<StreamId, StreamEvents> read = inTransaction(store -> store.readStreamsAfter(after));

    assertThat(read.keySet()).containsExactly(b, unknown, a);
    assertThat(read.get(a).events())
        .extracting(e -> e.version().value(), StoredEvent::type)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "A3"));
    assertThat(read.get(a).version()).isEqualTo(StreamVersion.of(3));
    assertThat(read.get(b).events()).extracting(StoredEvent::type).containsExactly("B2");
    assertThat(read.get(b).version()).isEqualTo(StreamVersion.of(2));
    assertThat(read.get(unknown).events()).isEmpty();
    assertThat(read.get(unknown).version()).isEqualTo(StreamVersion.EMPTY);
  }

  @Test
  void readStreamsAfterVersionZeroReadsWholeStreamsAndAfterTheEndReadsNothing() {
    StreamId a = fresh("after-all");
    StreamId b = fresh("after-end");
    append(a, ExpectedVersion.noStream(), event("A1"), event("A2"));
    append(b, ExpectedVersion.noStream(), event("B1"), event("B2"));

    Map<StreamId, StreamVersion> after = new java.util.LinkedHashMap<>();
    after.put(a, StreamVersion.EMPTY);
    after.put(b, StreamVersion.of(2));
    Map<StreamId, StreamEvents> read = inTransaction(store -> store.readStreamsAfter(after));
    assertThat(read.get(a).events()).extracting(StoredEvent::type).containsExactly("A1", "A2");
    assertThat(read.get(b).events()).isEmpty();

    Map<StreamId, StreamEvents> beyond =
        inTransaction(store -> store.readStreamsAfter(Map.of(b, StreamVersion.of(7))));
    assertThat(beyond.get(b).events()).isEmpty();
    assertThat(beyond.get(b).version())
        .as("a version beyond the end is answered with the stream's real, lower version")
        .isEqualTo(StreamVersion.of(2));
  }

  @Test
  void readStreamsAfterReturnsEventsAsStoredWithTheirMetadata() {
    StreamId stream = fresh("after-payload");
    EventMetadata metadata = EventMetadata.EMPTY.withCorrelationId("corr-after");
    NewEvent first = NewEvent.of("First", "{\"n\":1}", EventMetadata.EMPTY);
    NewEvent second = new NewEvent(EventId.generate(), "Second", 2, "{\"n\": 2}", metadata);
    AppendResult written = append(stream, ExpectedVersion.noStream(), first, second);

    StoredEvent read =
        inTransaction(store -> store.readStreamsAfter(Map.of(stream, StreamVersion.of(1))))
            .get(stream)
            .events()
            .get(0);
    StoredEvent expected = eventsOf(stream).get(1);
    assertThat(read).isEqualTo(expected);
    assertThat(read.id()).isEqualTo(second.id());
    assertThat(read.globalPosition()).isEqualTo(written.events().get(1).globalPosition());
    assertThat(read.metadata()).isEqualTo(metadata);
    assertThat(read.schemaVersion()).isEqualTo(2);
  }

  @Test
  void payloadAndMetadataRoundTrip() {
    StreamId stream = fresh("roundtrip");
    String payload =
        "{\"amount\": 125, \"currency\": \"EUR\", \"tags\": [\"a\", \"b\"], \"note\": \"caf\\u00e9 \\\"quoted\\\"\"}";
    EventMetadata metadata =
        EventMetadata.EMPTY
            .withCorrelationId("corr-1")
            .withCausationId("cause-2")
            .withUserId("alice@example.com")
            .withCustom("ip", "192.0.2.1")
            .withCustom("quote", "say \"hi\"");
    NewEvent event = new NewEvent(EventId.generate(), "MoneyDeposited", 3, payload, metadata);
    append(stream, ExpectedVersion.noStream(), event);

    StoredEvent stored = eventsOf(stream).get(0);
    assertThat(json(stored.payload())).isEqualTo(json(payload));
    assertThat(stored.metadata()).isEqualTo(metadata);
    assertThat(stored.schemaVersion()).isEqualTo(3);
    assertThat(stored.type()).isEqualTo("MoneyDeposited");
    assertThat(stored.recordedAt()).isNotNull();
  }

  private static JsonValue json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  // ---- global feed

  /** The cursor after everything in the feed now. */
  protected FeedCursor endOfFeed() {
    FeedCursor cursor = FeedCursor.START;
    while (true) {
      FeedCursor after = cursor;
      FeedPage page = inTransaction(store -> store.readFeed(after, 10_000));
      if (page.isEmpty()) {
        return cursor;
      }
      cursor = page.next();
    }
  }

  /** Every event after {@code cursor}, read in pages of {@code pageSize}. */
  protected List<StoredEvent> feedAfter(FeedCursor cursor, int pageSize) {
    List<StoredEvent> events = new ArrayList<>();
    FeedCursor next = cursor;
    while (true) {
      FeedCursor after = next;
      FeedPage page = inTransaction(store -> store.readFeed(after, pageSize));
      if (page.isEmpty()) {
        assertThat(page.next()).isEqualTo(after);
        return events;
      }
      events.addAll(page.events());
      next = page.next();
    }
  }

  @Test
  void theFeedDeliversEveryEventOnceInWriteOrderAcrossStreamsAndPages() {
    FeedCursor start = endOfFeed();
    StreamId a = fresh("feed");
    StreamId b = fresh("feed");
    List<EventId> written = new ArrayList<>();
    FeedCursor lastAppendCursor = null;
    for (int i = 0; i < 7; i++) {
      AppendResult result =
          appendAll(
              new StreamWrite(a, ExpectedVersion.any(), List.of(event("A" + i))),
              new StreamWrite(b, ExpectedVersion.any(), List.of(event("B" + i))));
      result.events().forEach(e -> written.add(e.id()));
      lastAppendCursor = result.cursor();
    }

    FeedPage everything = inTransaction(store -> store.readFeed(start, 100));
    assertThat(everything.next())
        .as("an append's cursor is the feed cursor of its last event")
        .isEqualTo(lastAppendCursor);
    FeedPage firstThree = inTransaction(store -> store.readFeed(start, 3));
    assertThat(firstThree.cursors()).hasSize(3).isSorted().last().isEqualTo(firstThree.next());
    FeedPage resumed = inTransaction(store -> store.readFeed(firstThree.cursors().get(1), 1));
    assertThat(resumed.events().get(0).id()).isEqualTo(written.get(2));

    for (int pageSize : new int[] {1, 3, 100}) {
      assertThat(feedAfter(start, pageSize))
          .extracting(StoredEvent::id)
          .containsExactlyElementsOf(written);
    }
  }

  @Test
  void feedCursorsAreOpaqueTextThatParsesBack() {
    FeedCursor start = endOfFeed();
    append(fresh("cursor"), ExpectedVersion.any(), event("A"));
    FeedPage page = inTransaction(store -> store.readFeed(start, 10));

    FeedCursor parsed = FeedCursor.parse(page.next().encode());
    assertThat(parsed).isEqualTo(page.next());
    assertThat(inTransaction(store -> store.readFeed(parsed, 10)).events()).isEmpty();
    assertThatThrownBy(() -> FeedCursor.parse("not-a-cursor"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a feed cursor: not-a-cursor");
  }
}
