package org.eventcore.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who caused an event, why and in which conversation: stored with every event and never dropped.
 *
 * @param correlationId groups every event caused by one request, across commands and services
 * @param causationId the id of the event or command that directly caused this event
 * @param userId the user on whose behalf the event was written
 * @param custom further entries (string keys and values), for example the client's address
 */
public record EventMetadata(
    Optional<String> correlationId,
    Optional<String> causationId,
    Optional<String> userId,
    Map<String, String> custom) {

  /** Metadata with nothing in it. */
  public static final EventMetadata EMPTY =
      new EventMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

  public EventMetadata {
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(causationId, "causationId");
    Objects.requireNonNull(userId, "userId");
    custom = Map.copyOf(custom);
  }

  public EventMetadata withCorrelationId(String id) {
    return new EventMetadata(Optional.of(id), causationId, userId, custom);
  }

  public EventMetadata withCausationId(String id) {
    return new EventMetadata(correlationId, Optional.of(id), userId, custom);
  }

  public EventMetadata withUserId(String id) {
    return new EventMetadata(correlationId, causationId, Optional.of(id), custom);
  }

  public EventMetadata withCustom(String key, String value) {
    Map<String, String> entries = new LinkedHashMap<>(custom);
    entries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new EventMetadata(correlationId, causationId, userId, entries);
  }
}
