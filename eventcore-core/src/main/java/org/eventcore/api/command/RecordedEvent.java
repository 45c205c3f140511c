package org.eventcore.api.command;

import java.time.Instant;
import java.util.Objects;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;

/**
 * A domain event as a command's fold sees it: the event and where it was recorded.
 *
 * @param <E> the command's event type
 */
public record RecordedEvent<E>(
    StreamId streamId, StreamVersion version, E event, EventMetadata metadata, Instant recordedAt) {

  public RecordedEvent {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
