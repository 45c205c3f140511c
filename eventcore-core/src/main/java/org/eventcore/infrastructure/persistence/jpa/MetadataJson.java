package org.eventcore.infrastructure.persistence.jpa;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eventcore.api.EventMetadata;

/** The JSON form of {@link EventMetadata} in the {@code metadata} column. */
final class MetadataJson {

  private static final String CORRELATION_ID = "correlationId";
  private static final String CAUSATION_ID = "causationId";
  private static final String USER_ID = "userId";
  private static final String CUSTOM = "custom";

  private MetadataJson() {}

  static String write(EventMetadata metadata) {
    JsonObjectBuilder json = JSON.createObjectBuilder();
    metadata.correlationId().ifPresent(id -> json.add(CORRELATION_ID, id));
    metadata.causationId().ifPresent(id -> json.add(CAUSATION_ID, id));
    metadata.userId().ifPresent(id -> json.add(USER_ID, id));
    if (!metadata.custom().isEmpty()) {
      JsonObjectBuilder custom = JSON.createObjectBuilder();
      metadata.custom().forEach(custom::add);
      json.add(CUSTOM, custom);
    }
    return json.build().toString();
  }

  static EventMetadata read(String text) {
    JsonObject json;
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      json = reader.readObject();
    }
    Map<String, String> custom = new LinkedHashMap<>();
    JsonObject customJson = json.getJsonObject(CUSTOM);
    if (customJson != null) {
      customJson.forEach((key, value) -> custom.put(key, text(value)));
    }
    return new EventMetadata(
        optional(json, CORRELATION_ID),
        optional(json, CAUSATION_ID),
        optional(json, USER_ID),
        custom);
  }

  private static Optional<String> optional(JsonObject json, String key) {
    return json.containsKey(key) && !json.isNull(key)
        ? Optional.of(text(json.get(key)))
        : Optional.empty();
  }

  private static String text(JsonValue value) {
    return value instanceof JsonString string ? string.getString() : value.toString();
  }
}
