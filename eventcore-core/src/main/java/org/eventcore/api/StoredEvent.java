package org.eventcore.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as the store holds it.
 *
 * @param id the event's unique id (UUIDv7)
 * @param streamId the stream it belongs to
 * @param version its position in that stream, from 1
 * @param globalPosition a number unique across the store, increasing within a transaction; the
 *     global feed is ordered by commit, not by this number alone (see {@link EventStore})
 * @param type the event's type name
 * @param schemaVersion the schema version of the payload, from 1
 * @param payload the payload as a JSON document
 * @param metadata who, why, in which conversation
 * @param recordedAt when the store recorded it (database clock)
 */
public record StoredEvent(
    EventId id,
    StreamId streamId,
    StreamVersion version,
    long globalPosition,
    String type,
    int schemaVersion,
    String payload,
    EventMetadata metadata,
    Instant recordedAt) {

  public StoredEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
