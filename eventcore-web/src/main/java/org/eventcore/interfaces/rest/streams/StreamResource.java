package org.eventcore.interfaces.rest.streams;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.application.command.CommandResult;
import org.eventcore.application.streams.EventStreamService;
import org.eventcore.interfaces.rest.command.CommandEndpoint;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * The generic event-store API for one stream.
 *
 * <ul>
 *   <li>{@code POST /api/v1/streams/{streamId}/events}: appends a JSON array of {@code
 *       {"type","data","metadata"}} atomically; the expectation comes from {@code If-Match:
 *       "<version>"} (exactly that version) or {@code If-None-Match: *} (the stream must not
 *       exist), otherwise none. 201 with the new version in the {@code ETag}; 409 when the
 *       expectation fails; 403 (ES006) when the stream is reserved for commands ({@link
 *       ReservedStreamPrefixes}).
 *   <li>{@code GET /api/v1/streams/{streamId}?from=&limit=&direction=}: reads events; the stream's
 *       version is in the {@code ETag}. An unknown stream is empty (version 0).
 * </ul>
 *
 * <p>{@code X-Correlation-Id} is stored in every written event's metadata and echoed; one is
 * generated when the request has none.
 */
// a CDI bean of eventcore-web's own archive, so that a second WAR with its own copy works on
// Payara (ADR 0011)
@RequestScoped
@Path("/streams/{streamId}")
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

  static final String CORRELATION_HEADER = CommandEndpoint.CORRELATION_HEADER;

  @Inject EventStreamService streams;
  @Inject StreamAccess access;

  @POST
  @Path("/events")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.APPENDER, Roles.ADMIN})
  public Response append(
      @PathParam("streamId") String streamIdText,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @HeaderParam(CORRELATION_HEADER) String correlationHeader,
      @HeaderParam(CommandEndpoint.IDEMPOTENCY_HEADER) String idempotencyKey,
      @Context UriInfo uriInfo,
      @Context SecurityContext caller,
      JsonValue body) {
    StreamId streamId = StreamId.of(streamIdText);
    access.checkAppend(caller, streamId);
    ExpectedVersion expected = expectation(ifMatch, ifNoneMatch);
    String correlationId = CommandEndpoint.correlationId(correlationHeader);
    List<NewEvent> events =
        EventsJson.parseEvents(body, correlationId, caller.getUserPrincipal().getName());

    CommandResult result =
        streams.append(
            List.of(new StreamWrite(streamId, expected, events)),
            Optional.ofNullable(idempotencyKey).map(String::trim));

    long version = result.streamVersions().get(streamId).value();
    JsonArrayBuilder written = JSON.createArrayBuilder();
    result
        .events()
        .forEach(
            e ->
                written.add(
                    JSON.createObjectBuilder()
                        .add("eventId", e.id().toString())
                        .add("version", e.version().value())
                        .add("position", e.globalPosition())));
    JsonObject response =
        JSON.createObjectBuilder()
            .add("streamId", streamId.value())
            .add("version", version)
            .add("cursor", result.cursor().encode())
            .add("events", written)
            .build();
    Response.ResponseBuilder created =
        Response.created(
                uriInfo.getBaseUriBuilder().path(StreamResource.class).build(streamId.value()))
            .tag(versionTag(version))
            .header(CORRELATION_HEADER, correlationId)
            .entity(response.toString());
    if (result.replayed()) {
      created.header(CommandEndpoint.REPLAYED_HEADER, "true");
    }
    return created.build();
  }

  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  public Response read(
      @Context SecurityContext caller,
      @PathParam("streamId") String streamIdText,
      @QueryParam("from") Long from,
      @QueryParam("limit") @DefaultValue("1000") int limit,
      @QueryParam("direction") @DefaultValue("forward") String direction) {
    StreamId streamId = StreamId.of(streamIdText);
    access.checkRead(caller, streamId);
    ReadOptions options =
        switch (direction) {
          case "forward" -> ReadOptions.forwardFrom(from == null ? 1 : from, limit);
          case "backward" -> ReadOptions.backwardFrom(from == null ? Long.MAX_VALUE : from, limit);
          default ->
              throw new IllegalArgumentException(
                  "direction must be 'forward' or 'backward', was '" + direction + "'");
        };
    StreamEvents read = streams.read(streamId, options);
    JsonArrayBuilder events = JSON.createArrayBuilder();
    read.events().forEach(e -> events.add(EventsJson.toJson(e)));
    JsonObject response =
        JSON.createObjectBuilder()
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
}
