package org.eventcore.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a successful atomic append.
 *
 * @param events every written event with its assigned stream version and global position, in the
 *     order they were given
 * @param streamVersions the version of every participating stream after the append
 * @param cursor the feed cursor of the append's last event (a reader that has reached it has seen
 *     every event of the append); {@link FeedCursor#START} when nothing was written
 */
public record AppendResult(
    List<AppendedEvent> events, Map<StreamId, StreamVersion> streamVersions, FeedCursor cursor) {

  public AppendResult {
    events = List.copyOf(events);
    streamVersions = Map.copyOf(streamVersions);
    Objects.requireNonNull(cursor, "cursor");
  }

  /** Where one written event landed. */
  public record AppendedEvent(
      EventId id, StreamId streamId, StreamVersion version, long globalPosition) {}
}
