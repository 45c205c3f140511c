package org.eventcore.application.command;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventcore.api.AppendResult.AppendedEvent;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;

/**
 * The outcome of a command that succeeded.
 *
 * @param commandType the command's type name
 * @param events the events written, with stream, version and global position
 * @param streamVersions the version of every stream of the boundary after the command
 * @param attempts how many attempts it took (1 without conflict)
 * @param replayed true when an idempotency key matched an earlier execution: nothing was written
 *     now, and this is that execution's result
 * @param cursor the feed cursor of the last written event ({@link FeedCursor#START} when none): a
 *     query that waits until a projection has reached it reads its own write
 */
public record CommandResult(
    String commandType,
    List<AppendedEvent> events,
    Map<StreamId, StreamVersion> streamVersions,
    int attempts,
    boolean replayed,
    FeedCursor cursor) {

  public CommandResult {
    events = List.copyOf(events);
    streamVersions = Map.copyOf(streamVersions);
    java.util.Objects.requireNonNull(cursor, "cursor");
  }

  /** The same result as seen by a replay of its idempotency key. */
  public CommandResult asReplay() {
    return new CommandResult(commandType, events, streamVersions, attempts, true, cursor);
  }

  CommandResult withAttempts(int count) {
    return new CommandResult(commandType, events, streamVersions, count, replayed, cursor);
  }

  /** The highest global position written, if any (for read-your-writes). */
  public Optional<Long> lastPosition() {
    return events.stream().map(AppendedEvent::globalPosition).max(Long::compare);
  }
}
