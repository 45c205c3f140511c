package org.eventcore.api;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a successful atomic append.
 *
 * @param events every written event with its assigned stream version and global position, in the
 *     order they were given
 * @param streamVersions the version of every participating stream after the append
 */
public record AppendResult(
    List<AppendedEvent> events, Map<StreamId, StreamVersion> streamVersions) {

  public AppendResult {
    events = List.copyOf(events);
    streamVersions = Map.copyOf(streamVersions);
  }

  /** Where one written event landed. */
  public record AppendedEvent(
      EventId id, StreamId streamId, StreamVersion version, long globalPosition) {}
}
