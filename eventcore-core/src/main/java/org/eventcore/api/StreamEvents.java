package org.eventcore.api;

import java.util.List;
import java.util.Objects;

/**
 * The events read from one stream together with the stream's current version (which may be higher
 * than the last returned event when the read was limited).
 */
public record StreamEvents(StreamId streamId, StreamVersion version, List<StoredEvent> events) {

  public StreamEvents {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(version, "version");
    events = List.copyOf(events);
  }
}
