package org.eventcore.api.projection;

import java.time.Instant;
import java.util.Objects;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.command.RecordedEvent;

/**
 * An event of the global feed, decoded, as a {@link TypedProjection} receives it.
 *
 * <p>Which field to use for what in a read model:
 *
 * <ul>
 *   <li>{@code streamId} and {@code version} identify the event within its stream; versions of one
 *       stream arrive in increasing order, so "apply only if {@code version} is above the version
 *       stored in the row" makes a per-stream read model idempotent.
 *   <li>{@code id} identifies the event in the whole store (for de-duplication across streams).
 *   <li>{@code globalPosition} is unique and never changes, even across rebuilds; it increases
 *       within a stream and within one transaction, but the feed is ordered by commit, so across
 *       streams a later event may carry a lower number. Do not use it as a feed checkpoint: the
 *       framework keeps the checkpoint.
 * </ul>
 *
 * @param <E> the projection's event type
 * @param id the event's unique id
 * @param streamId the stream it belongs to
 * @param version its position in that stream, from 1
 * @param globalPosition its number in the store (see above)
 * @param event the decoded event
 * @param metadata correlation, causation, user and custom entries, as written
 * @param recordedAt when the store recorded it (database clock)
 */
public record FeedEvent<E>(
    EventId id,
    StreamId streamId,
    StreamVersion version,
    long globalPosition,
    E event,
    EventMetadata metadata,
    Instant recordedAt) {

  public FeedEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }

  /** The same event as a command's fold sees it, to share a fold between commands and views. */
  public RecordedEvent<E> recorded() {
    return new RecordedEvent<>(streamId, version, event, metadata, recordedAt);
  }
}
