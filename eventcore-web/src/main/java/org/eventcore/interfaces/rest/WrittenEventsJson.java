package org.eventcore.interfaces.rest;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.json.JsonArrayBuilder;
import java.util.List;
import org.eventcore.api.AppendResult.AppendedEvent;

/** The {@code events} member of a write's answer: where each written event landed. */
public final class WrittenEventsJson {

  private WrittenEventsJson() {}

  /** {@code [{"eventId","streamId","version","position"}, …]} in write order. */
  public static JsonArrayBuilder of(List<AppendedEvent> events) {
    JsonArrayBuilder json = JSON.createArrayBuilder();
    for (AppendedEvent e : events) {
      json.add(
          JSON.createObjectBuilder()
              .add("eventId", e.id().toString())
              .add("streamId", e.streamId().value())
              .add("version", e.version().value())
              .add("position", e.globalPosition()));
    }
    return json;
  }
}
