package org.eventcore.interfaces.rest.streams;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StoredEvent;
import org.eventcore.interfaces.rest.problem.InvalidFieldException;

/**
 * The JSON of events in the event-store API, both ways.
 *
 * <p>The body arrives as a JSON-P {@code JsonValue}, read by the JAX-RS runtime after {@code
 * JsonBodyInterceptor} has refused malformed JSON with a 400; its shape is checked here by hand
 * rather than bound to records with JSON-B, because an event's {@code data} and {@code metadata}
 * are arbitrary JSON kept as they are, and because a refused member is named with its position
 * ({@code events[2].colour}), which JSON-B's errors do not tell.
 */
final class EventsJson {

  private static final Set<String> EVENT_FIELDS = Set.of("type", "data", "metadata");

  private EventsJson() {}

  /**
   * A JSON array of {@code {"type","data","metadata"}}; the correlation id and the authenticated
   * caller's user id go into each. A {@code userId} in the request's metadata is refused (400): the
   * user id of an event is the server's to say.
   */
  static List<NewEvent> parseEvents(JsonValue body, String correlationId, String userId) {
    if (!(body instanceof JsonArray array)) {
      throw new InvalidFieldException("", "The body must be a JSON array of events");
    }
    return parseEvents(array, "events", correlationId, userId);
  }

  static List<NewEvent> parseEvents(
      JsonArray array, String path, String correlationId, String userId) {
    if (array.isEmpty()) {
      throw new InvalidFieldException(path, path + " must contain at least one event");
    }
    List<NewEvent> events = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = path + "[" + i + "]";
      if (!(array.get(i) instanceof JsonObject event)) {
        throw new InvalidFieldException(at, at + " must be a JSON object");
      }
      for (String field : event.keySet()) {
        if (!EVENT_FIELDS.contains(field)) {
          throw new InvalidFieldException(at + "." + field, "Unknown field " + at + "." + field);
        }
      }
      if (!(event.get("type") instanceof JsonString type) || type.getString().isBlank()) {
        throw new InvalidFieldException(at + ".type", at + ".type must be a non-blank string");
      }
      JsonValue data = event.get("data");
      if (data == null) {
        throw new InvalidFieldException(at + ".data", at + ".data is required");
      }
      EventMetadata metadata =
          metadata(event.get("metadata"), at + ".metadata")
              .withCorrelationId(correlationId)
              .withUserId(userId);
      events.add(NewEvent.of(type.getString(), data.toString(), metadata));
    }
    return events;
  }

  private static EventMetadata metadata(JsonValue value, String path) {
    if (value == null || value == JsonValue.NULL) {
      return EventMetadata.EMPTY;
    }
    if (!(value instanceof JsonObject object)) {
      throw new InvalidFieldException(path, path + " must be a JSON object");
    }
    EventMetadata metadata = EventMetadata.EMPTY;
    for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
      String text =
          entry.getValue() instanceof JsonString s ? s.getString() : entry.getValue().toString();
      metadata =
          switch (entry.getKey()) {
            case "causationId" -> metadata.withCausationId(text);
            case "userId" ->
                throw new InvalidFieldException(
                    path + ".userId",
                    path
                        + ".userId is not accepted: the server records the authenticated caller"
                        + " as the user id");
            case "correlationId" -> metadata; // the request's correlation id wins
            default -> metadata.withCustom(entry.getKey(), text);
          };
    }
    return metadata;
  }

  static JsonObject toJson(StoredEvent event) {
    JsonObjectBuilder metadata = JSON.createObjectBuilder();
    event.metadata().correlationId().ifPresent(v -> metadata.add("correlationId", v));
    event.metadata().causationId().ifPresent(v -> metadata.add("causationId", v));
    event.metadata().userId().ifPresent(v -> metadata.add("userId", v));
    event.metadata().custom().forEach(metadata::add);
    JsonValue data;
    try (JsonReader reader = JSON.createReader(new StringReader(event.payload()))) {
      data = reader.readValue();
    }
    return JSON.createObjectBuilder()
        .add("eventId", event.id().toString())
        .add("streamId", event.streamId().value())
        .add("version", event.version().value())
        .add("position", event.globalPosition())
        .add("type", event.type())
        .add("schemaVersion", event.schemaVersion())
        .add("data", data)
        .add("metadata", metadata)
        .add("recordedAt", event.recordedAt().toString())
        .build();
  }
}
