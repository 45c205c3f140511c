package org.eventcore.interfaces.rest.streams;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.application.operations.StoreBrowser;
import org.eventcore.interfaces.rest.problem.InvalidFieldException;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * {@code GET /api/v1/links/{id}?limit=}: the events linked to an id, in feed position order — the
 * event whose event id it is, and the events whose correlation id or causation id it is — so that a
 * correlation or causation chain can be followed one click at a time (the operator console does).
 *
 * <p>The event id is found anywhere in the store; correlation and causation ids among the last
 * {@value #WINDOW_KEY} global positions (default 100,000; positions may have gaps, so at most that
 * many events), because the metadata carries no index (one would cost every append); the answer
 * says which window was searched. Events span any streams, so the caller needs read permission on
 * every stream, as for the global feed.
 */
// a CDI bean of eventcore-web's own archive, so that a second WAR with its own copy works on
// Payara (ADR 0011)
@RequestScoped
@Path("/links/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class LinksResource {

  /** How many of the newest events a correlation or causation id is looked for among. */
  public static final String WINDOW_KEY = "eventcore.links.window-events";

  private static final int MAX_LIMIT = 1000;

  @Inject StoreBrowser browser;
  @Inject StreamAccess access;

  @Inject
  @ConfigProperty(name = WINDOW_KEY, defaultValue = "100000")
  long window;

  @GET
  @RolesAllowed({Roles.READER, Roles.ADMIN})
  public String linked(
      @Context SecurityContext caller,
      @PathParam("id") String id,
      @QueryParam("limit") @DefaultValue("200") int limit) {
    access.checkReadEverything(caller);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidFieldException("limit", "limit must be between 1 and " + MAX_LIMIT);
    }
    if (id.length() > 255) {
      throw new InvalidFieldException("id", "id must be at most 255 characters");
    }
    var events = JSON.createArrayBuilder();
    browser.linkedTo(id, window, limit).forEach(e -> events.add(EventsJson.toJson(e)));
    return JSON.createObjectBuilder()
        .add("id", id)
        .add("windowEvents", window)
        .add("events", events)
        .build()
        .toString();
  }
}
