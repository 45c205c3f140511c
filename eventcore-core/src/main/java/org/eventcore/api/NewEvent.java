package org.eventcore.api;

import java.util.Objects;

/**
 * An event on its way into the store: its id, its type name, the schema version of its payload, the
 * payload as a JSON document, and its metadata.
 *
 * <p>The store assigns the stream version and the global position; the id is chosen by the writer
 * so that a retried write of the same event is recognised (ids are unique in the store).
 */
public record NewEvent(
    EventId id, String type, int schemaVersion, String payload, EventMetadata metadata) {

  public NewEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
    if (type.isBlank()) {
      throw new IllegalArgumentException("An event type must not be blank");
    }
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("A schema version starts at 1, was " + schemaVersion);
    }
  }

  /** A new event with a fresh id, schema version 1 and the given metadata. */
  public static NewEvent of(String type, String payload, EventMetadata metadata) {
    return new NewEvent(EventId.generate(), type, 1, payload, metadata);
  }
}
