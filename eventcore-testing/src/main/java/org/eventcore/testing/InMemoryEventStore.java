package org.eventcore.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eventcore.api.AppendResult;
import org.eventcore.api.AppendResult.AppendedEvent;
import org.eventcore.api.DuplicateEventIdException;
import org.eventcore.api.EventId;
import org.eventcore.api.EventStore;
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

/**
 * {@link EventStore} in memory, thread-safe, with the semantics of the PostgreSQL store: the same
 * checks, the same version numbering, the same errors, a global feed in append order.
 *
 * <p>There are no transactions: an append is atomic and visible as soon as it returns. Every append
 * counts as one transaction of the feed, so feed cursors look like the database's.
 */
public final class InMemoryEventStore implements EventStore {

  private final Clock clock;
  private final Map<StreamId, List<StoredEvent>> streams = new HashMap<>();
  private final List<StoredEvent> feed = new ArrayList<>();
  private final List<Long> feedTransactions = new ArrayList<>();
  private final Set<EventId> eventIds = new HashSet<>();
  private long lastTransaction;

  public InMemoryEventStore() {
    this(Clock.systemUTC());
  }

  public InMemoryEventStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized AppendResult append(List<StreamWrite> writes) {
    StreamWrite.requireValidAppend(writes);
    List<Conflict> conflicts = new ArrayList<>();
    writes.stream()
        .sorted((a, b) -> a.streamId().compareTo(b.streamId()))
        .forEach(
            write -> {
              StreamVersion actual = version(write.streamId());
              if (!write.expected().isSatisfiedBy(actual)) {
                conflicts.add(new Conflict(write.streamId(), write.expected(), actual));
              }
            });
    if (!conflicts.isEmpty()) {
      throw new StreamVersionConflictException(conflicts);
    }
    Set<EventId> newIds = new HashSet<>();
    for (StreamWrite write : writes) {
      for (NewEvent event : write.events()) {
        if (eventIds.contains(event.id()) || !newIds.add(event.id())) {
          throw new DuplicateEventIdException(
              "An event with this id is already stored: " + event.id(), null);
        }
      }
    }

    long transaction = ++lastTransaction;
    List<AppendedEvent> appended = new ArrayList<>();
    Map<StreamId, StreamVersion> versions = new LinkedHashMap<>();
    for (StreamWrite write : writes) {
      List<StoredEvent> stream = streams.computeIfAbsent(write.streamId(), id -> new ArrayList<>());
      StreamVersion version = StreamVersion.of(stream.size());
      for (NewEvent event : write.events()) {
        version = version.next();
        long position = feed.size() + 1L;
        StoredEvent stored =
            new StoredEvent(
                event.id(),
                write.streamId(),
                version,
                position,
                event.type(),
                event.schemaVersion(),
                event.payload(),
                event.metadata(),
                clock.instant());
        stream.add(stored);
        feed.add(stored);
        feedTransactions.add(transaction);
        eventIds.add(event.id());
        appended.add(new AppendedEvent(event.id(), write.streamId(), version, position));
      }
      versions.put(write.streamId(), version);
    }
    FeedCursor cursor =
        appended.isEmpty()
            ? FeedCursor.START
            : new FeedCursor(transaction, appended.get(appended.size() - 1).globalPosition());
    return new AppendResult(appended, versions, cursor);
  }

  private StreamVersion version(StreamId streamId) {
    List<StoredEvent> stream = streams.get(streamId);
    return stream == null ? StreamVersion.EMPTY : StreamVersion.of(stream.size());
  }

  @Override
  public synchronized StreamEvents read(StreamId streamId, ReadOptions options) {
    List<StoredEvent> stream = streams.getOrDefault(streamId, List.of());
    List<StoredEvent> inRange =
        stream.stream()
            .filter(
                e ->
                    e.version().value() >= options.fromVersion()
                        && e.version().value() <= options.toVersion())
            .toList();
    List<StoredEvent> ordered = new ArrayList<>(inRange);
    if (options.direction() == ReadOptions.Direction.BACKWARD) {
      java.util.Collections.reverse(ordered);
    }
    List<StoredEvent> page = ordered.subList(0, Math.min(options.maxCount(), ordered.size()));
    return new StreamEvents(streamId, version(streamId), page);
  }

  @Override
  public synchronized Map<StreamId, StreamEvents> readStreams(Collection<StreamId> streamIds) {
    Map<StreamId, StreamEvents> result = new LinkedHashMap<>();
    for (StreamId id : streamIds) {
      result.put(id, new StreamEvents(id, version(id), streams.getOrDefault(id, List.of())));
    }
    return result;
  }

  @Override
  public synchronized Map<StreamId, StreamEvents> readStreamsAfter(
      Map<StreamId, StreamVersion> after) {
    Map<StreamId, StreamEvents> result = new LinkedHashMap<>();
    after.forEach(
        (id, from) -> {
          List<StoredEvent> stream = streams.getOrDefault(id, List.of());
          int skip = (int) Math.min(from.value(), stream.size());
          result.put(id, new StreamEvents(id, version(id), stream.subList(skip, stream.size())));
        });
    return result;
  }

  @Override
  public synchronized Map<StreamId, StreamVersion> currentVersions(Collection<StreamId> streamIds) {
    Map<StreamId, StreamVersion> result = new LinkedHashMap<>();
    streamIds.forEach(id -> result.put(id, version(id)));
    return result;
  }

  @Override
  public synchronized FeedPage readFeed(FeedCursor after, int limit) {
    if (limit < 1 || limit > ReadOptions.MAX_COUNT_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + ReadOptions.MAX_COUNT_LIMIT + ", was " + limit);
    }
    List<StoredEvent> page = new ArrayList<>();
    List<FeedCursor> cursors = new ArrayList<>();
    FeedCursor next = after;
    for (int i = 0; i < feed.size() && page.size() < limit; i++) {
      FeedCursor cursor = new FeedCursor(feedTransactions.get(i), feed.get(i).globalPosition());
      if (cursor.compareTo(after) > 0) {
        page.add(feed.get(i));
        cursors.add(cursor);
        next = cursor;
      }
    }
    return new FeedPage(page, cursors, next);
  }

  /** Nothing runs for long in memory. */
  @Override
  public Duration oldestRunningTransactionAge() {
    return Duration.ZERO;
  }
}
