package org.eventcore.api.command;

import java.util.Objects;
import java.util.Optional;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;

/**
 * An event a command wrote, with where it landed: what after-commit observers receive besides the
 * bare domain event (see {@code org.eventcore.application.command.Committed}).
 *
 * @param eventId the stored event's id (the causation id of whatever it causes)
 * @param streamId its stream
 * @param version its version in the stream
 * @param globalPosition its position in the store
 * @param commandType the command that wrote it
 * @param event the domain event
 * @param metadata the metadata stored with it
 */
public record CommittedEvent(
    EventId eventId,
    StreamId streamId,
    StreamVersion version,
    long globalPosition,
    String commandType,
    Object event,
    EventMetadata metadata) {

  public CommittedEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(commandType, "commandType");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(metadata, "metadata");
  }

  /** The domain event as {@code type}, if it is one. */
  public <T> Optional<T> eventAs(Class<T> type) {
    return type.isInstance(event) ? Optional.of(type.cast(event)) : Optional.empty();
  }
}
