package org.eventcore.interfaces.rest.streams;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.application.streams.EventStreamService;

/**
 * The generic event-store API for one stream.
 *
 * <ul>
 *   <li>{@code POST /api/v1/streams/{streamId}/events}: appends a JSON array of {@code
 *       {"type","data","metadata"}} atomically; the expectation comes from {@code If-Match:
 *       "<version>"} (exactly that version) or {@code If-None-Match: *} (the stream must not
 *       exist), otherwise none. 201 with the new version in the {@code ETag}; 409 when the
 *       expectation fails.
 *   <li>{@code GET /api/v1/streams/{streamId}?from=&limit=&direction=}: reads events; the stream's
 *       version is in the {@code ETag}. An unknown stream is empty (version 0).
 * </ul>
 *
 * <p>{@code X-Correlation-Id} is stored in every written event's metadata and echoed; one is
 * generated when the request has none.
 */
@Path("/streams/{streamId}")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

  static final String CORRELATION_HEADER = "X-Correlation-Id";

  @Inject EventStreamService streams;

  @POST
  @Path("/events")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response append(
      @PathParam("streamId") String streamIdText,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @HeaderParam(CORRELATION_HEADER) String correlationHeader,
      @Context UriInfo uriInfo,
      String body) {
    StreamId streamId = StreamId.of(streamIdText);
    ExpectedVersion expected = expectation(ifMatch, ifNoneMatch);
    String correlationId =
        correlationHeader == null || correlationHeader.isBlank()
            ? UUID.randomUUID().toString()
            : correlationHeader.trim();
    List<NewEvent> events = parseEvents(body, correlationId);

    AppendResult result = streams.append(streamId, expected, events);

    long version = result.streamVersions().get(streamId).value();
    JsonArrayBuilder written = Json.createArrayBuilder();
    result
        .events()
        .forEach(
            e ->
                written.add(
                    Json.createObjectBuilder()
                        .add("eventId", e.id().toString())
                        .add("version", e.version().value())
                        .add("position", e.globalPosition())));
    JsonObject response =
        Json.createObjectBuilder()
            .add("streamId", streamId.value())
            .add("version", version)
            .add("events", written)
            .build();
    return Response.created(
            uriInfo.getBaseUriBuilder().path(StreamResource.class).build(streamId.value()))
        .tag(versionTag(version))
        .header(CORRELATION_HEADER, correlationId)
        .entity(response.toString())
        .build();
  }

  @GET
  public Response read(
      @PathParam("streamId") String streamIdText,
      @QueryParam("from") Long from,
      @QueryParam("limit") @DefaultValue("1000") int limit,
      @QueryParam("direction") @DefaultValue("forward") String direction) {
    StreamId streamId = StreamId.of(streamIdText);
    ReadOptions options =
        switch (direction) {
          case "forward" -> ReadOptions.forwardFrom(from == null ? 1 : from, limit);
          case "backward" -> ReadOptions.backwardFrom(from == null ? Long.MAX_VALUE : from, limit);
          default ->
              throw new IllegalArgumentException(
                  "direction must be 'forward' or 'backward', was '" + direction + "'");
        };
    StreamEvents read = streams.read(streamId, options);
    JsonArrayBuilder events = Json.createArrayBuilder();
    read.events().forEach(e -> events.add(toJson(e)));
    JsonObject response =
        Json.createObjectBuilder()
            .add("streamId", streamId.value())
            .add("version", read.version().value())
            .add("events", events)
            .build();
    return Response.ok(response.toString()).tag(versionTag(read.version().value())).build();
  }

  static EntityTag versionTag(long version) {
    return new EntityTag(Long.toString(version));
  }

  static ExpectedVersion expectation(String ifMatch, String ifNoneMatch) {
    if (ifMatch != null && ifNoneMatch != null) {
      throw new IllegalArgumentException("Send either If-Match or If-None-Match, not both");
    }
    if (ifNoneMatch != null) {
      if (!ifNoneMatch.trim().equals("*")) {
        throw new IllegalArgumentException(
            "If-None-Match only accepts * (the stream must not exist yet)");
      }
      return ExpectedVersion.noStream();
    }
    if (ifMatch == null) {
      return ExpectedVersion.any();
    }
    String tag = ifMatch.trim();
    if (tag.equals("*")) {
      return ExpectedVersion.streamExists();
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    try {
      return ExpectedVersion.exact(Long.parseLong(tag));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "If-Match must be a stream version in quotes, such as \"3\", was " + ifMatch);
    }
  }

  private static List<NewEvent> parseEvents(String body, String correlationId) {
    JsonArray array;
    try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
      array = reader.readArray();
    } catch (JsonException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "The body must be a JSON array of events: " + firstLine(e.getMessage()));
    }
    if (array.isEmpty()) {
      throw new IllegalArgumentException("The body must contain at least one event");
    }
    List<NewEvent> events = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonValue item = array.get(i);
      if (!(item instanceof JsonObject event)) {
        throw new IllegalArgumentException("events[" + i + "] must be a JSON object");
      }
      if (!(event.get("type") instanceof JsonString type) || type.getString().isBlank()) {
        throw new IllegalArgumentException("events[" + i + "].type must be a non-blank string");
      }
      JsonValue data = event.get("data");
      if (data == null) {
        throw new IllegalArgumentException("events[" + i + "].data is required");
      }
      EventMetadata metadata = metadata(event.get("metadata"), i).withCorrelationId(correlationId);
      events.add(NewEvent.of(type.getString(), data.toString(), metadata));
    }
    return events;
  }

  private static EventMetadata metadata(JsonValue value, int index) {
    if (value == null || value == JsonValue.NULL) {
      return EventMetadata.EMPTY;
    }
    if (!(value instanceof JsonObject object)) {
      throw new IllegalArgumentException("events[" + index + "].metadata must be a JSON object");
    }
    EventMetadata metadata = EventMetadata.EMPTY;
    for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
      String text =
          entry.getValue() instanceof JsonString s ? s.getString() : entry.getValue().toString();
      metadata =
          switch (entry.getKey()) {
            case "causationId" -> metadata.withCausationId(text);
            case "userId" -> metadata.withUserId(text);
            case "correlationId" -> metadata; // the request's correlation id wins
            default -> metadata.withCustom(entry.getKey(), text);
          };
    }
    return metadata;
  }

  private static JsonObject toJson(StoredEvent event) {
    JsonObjectBuilder metadata = Json.createObjectBuilder();
    event.metadata().correlationId().ifPresent(v -> metadata.add("correlationId", v));
    event.metadata().causationId().ifPresent(v -> metadata.add("causationId", v));
    event.metadata().userId().ifPresent(v -> metadata.add("userId", v));
    event.metadata().custom().forEach(metadata::add);
    JsonValue data;
    try (JsonReader reader = Json.createReader(new StringReader(event.payload()))) {
      data = reader.readValue();
    }
    return Json.createObjectBuilder()
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

  private static String firstLine(String message) {
    if (message == null) {
      return "not valid JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
