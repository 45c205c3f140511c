package org.eventcore.interfaces.rest.streams;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.application.command.CommandResult;
import org.eventcore.application.streams.EventStreamService;
import org.eventcore.interfaces.rest.WrittenEventsJson;
import org.eventcore.interfaces.rest.command.CommandEndpoint;
import org.eventcore.interfaces.rest.problem.InvalidFieldException;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * The store as a whole.
 *
 * <ul>
 *   <li>{@code POST /api/v1/events}: one atomic append to several streams, {@code
 *       {"streams":[{"streamId","expectedVersion","events":[…]}]}} where {@code expectedVersion} is
 *       a number, {@code "no_stream"}, {@code "stream_exists"} or {@code "any"} (default); a stream
 *       without events is only checked. 201, or 409 naming every failing stream, or 403 (ES006)
 *       when events are for a stream reserved for commands ({@link ReservedStreamPrefixes}; then
 *       nothing is written).
 *   <li>{@code GET /api/v1/events?after=<cursor>&limit=}: a page of the global feed; {@code next}
 *       is the cursor to continue from. Every committed event appears exactly once, in one fixed
 *       order.
 *   <li>{@code GET /api/v1/events/stream?after=<cursor>}: the same feed as server-sent events,
 *       first what is there, then live; each event's {@code id} is its cursor, so a client
 *       reconnects with {@code Last-Event-ID}. Every subscriber of the server is fed by one tail of
 *       the feed ({@link FeedFanOut}); a client that stops reading is cut off.
 * </ul>
 */
// a CDI bean of eventcore-web's own archive, so that a second WAR with its own copy works on
// Payara (ADR 0011)
@RequestScoped
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

  private static final int MAX_PAGE = 10_000;

  @Inject EventStreamService streams;
  @Inject StreamAccess access;

  @Inject FeedFanOut fanOut;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.APPENDER, Roles.ADMIN})
  public Response append(
      @HeaderParam(CommandEndpoint.CORRELATION_HEADER) String correlationHeader,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey,
      @Context SecurityContext caller,
      JsonValue body) {
    String correlationId = CommandEndpoint.correlationId(correlationHeader);
    List<StreamWrite> writes =
        parseWrites(body, correlationId, caller.getUserPrincipal().getName());
    access.checkAppend(caller, writes);
    CommandResult result =
        streams.append(writes, Optional.ofNullable(idempotencyKey).map(String::trim));

    JsonArrayBuilder versions = JSON.createArrayBuilder();
    for (StreamWrite write : writes) {
      versions.add(
          JSON.createObjectBuilder()
              .add("streamId", write.streamId().value())
              .add("version", result.streamVersions().get(write.streamId()).value()));
    }
    Response.ResponseBuilder response =
        Response.status(Response.Status.CREATED)
            .header(CommandEndpoint.CORRELATION_HEADER, correlationId)
            .entity(
                JSON.createObjectBuilder()
                    .add("streams", versions)
                    .add("cursor", result.cursor().encode())
                    .add("events", WrittenEventsJson.of(result.events()))
                    .build()
                    .toString());
    if (result.replayed()) {
      response.header(CommandEndpoint.REPLAYED_HEADER, "true");
    }
    return response.build();
  }

  /**
   * The streams of a multi-stream append, checked by hand for the reasons given on {@link
   * EventsJson}.
   */
  private static List<StreamWrite> parseWrites(
      JsonValue body, String correlationId, String userId) {
    if (!(body instanceof JsonObject object)) {
      throw new InvalidFieldException(
          "", "The body must be a JSON object with a \"streams\" array");
    }
    for (String field : object.keySet()) {
      if (!field.equals("streams")) {
        throw new InvalidFieldException(field, "Unknown field " + field);
      }
    }
    if (!(object.get("streams") instanceof JsonArray array) || array.isEmpty()) {
      throw new InvalidFieldException("streams", "streams must be a non-empty array");
    }
    List<StreamWrite> writes = new ArrayList<>();
    Set<StreamId> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "streams[" + i + "]";
      if (!(array.get(i) instanceof JsonObject stream)) {
        throw new InvalidFieldException(at, at + " must be an object");
      }
      for (String field : stream.keySet()) {
        if (!Set.of("streamId", "expectedVersion", "events").contains(field)) {
          throw new InvalidFieldException(at + "." + field, "Unknown field " + at + "." + field);
        }
      }
      if (!(stream.get("streamId") instanceof jakarta.json.JsonString id)) {
        throw new InvalidFieldException(at + ".streamId", at + ".streamId must be a string");
      }
      StreamId streamId = StreamId.of(id.getString());
      if (!seen.add(streamId)) {
        throw new InvalidFieldException(at + ".streamId", "Stream " + streamId + " appears twice");
      }
      ExpectedVersion expected =
          expectation(stream.get("expectedVersion"), at + ".expectedVersion");
      JsonValue events = stream.get("events");
      List<org.eventcore.api.NewEvent> parsed =
          events == null || (events instanceof JsonArray none && none.isEmpty())
              ? List.of()
              : events instanceof JsonArray list
                  ? EventsJson.parseEvents(list, at + ".events", correlationId, userId)
                  : List.of();
      if (events != null && !(events instanceof JsonArray)) {
        throw new InvalidFieldException(at + ".events", at + ".events must be an array");
      }
      writes.add(new StreamWrite(streamId, expected, parsed));
    }
    return writes;
  }

  private static ExpectedVersion expectation(JsonValue value, String path) {
    if (value == null || value == JsonValue.NULL) {
      return ExpectedVersion.any();
    }
    if (value instanceof jakarta.json.JsonNumber number && number.isIntegral()) {
      // exactly a long: 1e400 or 2^64 must not wrap around into some other version
      java.math.BigDecimal exact = number.bigDecimalValue();
      if (exact.signum() >= 0
          && exact.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
        return ExpectedVersion.exact(exact.longValueExact());
      }
    }
    if (value instanceof jakarta.json.JsonString text) {
      switch (text.getString()) {
        case "any":
          return ExpectedVersion.any();
        case "no_stream":
          return ExpectedVersion.noStream();
        case "stream_exists":
          return ExpectedVersion.streamExists();
        default:
          break;
      }
    }
    throw new InvalidFieldException(
        path, path + " must be a version number, \"any\", \"no_stream\" or \"stream_exists\"");
  }

  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  public Response feed(
      @Context SecurityContext caller,
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    access.checkReadEverything(caller);
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidFieldException("limit", "limit must be between 1 and " + MAX_PAGE);
    }
    FeedPage page = streams.readFeed(cursor(after), limit);
    JsonArrayBuilder events = JSON.createArrayBuilder();
    page.events().forEach(e -> events.add(EventsJson.toJson(e)));
    return Response.ok(
            JSON.createObjectBuilder()
                .add("events", events)
                .add("next", page.next().encode())
                .build()
                .toString())
        .build();
  }

  private static FeedCursor cursor(String text) {
    if (text == null || text.isBlank()) {
      return FeedCursor.START;
    }
    try {
      return FeedCursor.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("after", e.getMessage());
    }
  }

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  public void subscribe(
      @Context SecurityContext caller,
      @QueryParam("after") String after,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Context SseEventSink sink,
      @Context Sse sse,
      @Context jakarta.servlet.http.HttpServletRequest request) {
    access.checkReadEverything(caller);
    FeedCursor start = cursor(lastEventId != null && !lastEventId.isBlank() ? lastEventId : after);
    // commit the response on the request thread before another thread sends events on it
    sink.send(sse.newEventBuilder().comment("feed after " + start.encode()).build())
        .toCompletableFuture()
        .join();
    ConnectionAbort.Controls connection = ConnectionAbort.controls(request);
    fanOut.subscribe(start, sink, sse, connection.abort(), connection.unsentBytes());
  }
}
