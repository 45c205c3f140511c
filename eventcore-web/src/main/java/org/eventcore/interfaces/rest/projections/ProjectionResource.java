package org.eventcore.interfaces.rest.projections;

import static org.eventcore.infrastructure.json.JsonProviders.JSON;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eventcore.application.projection.RebuildProgress;
import org.eventcore.infrastructure.projection.ProjectionAdmin;
import org.eventcore.infrastructure.projection.ProjectionHost;
import org.eventcore.infrastructure.projection.ProjectionStatus;
import org.eventcore.interfaces.rest.problem.ResourceNotFoundException;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * {@code /api/v1/projections}: each projection's status ({@code RUNNING}, {@code REBUILDING},
 * {@code STOPPED}, {@code BACKING_OFF}), checkpoint cursor and events handled, lag (events and
 * seconds behind), lease owner, last recorded failure and last rebuild; and the operator actions
 * rebuild and resume.
 */
// a CDI bean of eventcore-web's own archive, so that a second WAR with its own copy works on
// Payara (ADR 0011)
@RequestScoped
@Path("/projections")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionResource {

  @Inject ProjectionStatus status;
  @Inject ProjectionHost host;
  @Inject ProjectionAdmin admin;

  @GET
  @RolesAllowed({Roles.READER, Roles.OPERATOR, Roles.ADMIN})
  public String list() {
    JsonArrayBuilder projections = JSON.createArrayBuilder();
    status.all().forEach(view -> projections.add(json(view)));
    return JSON.createObjectBuilder()
        .add("node", host.node())
        .add("runsHere", host.enabled())
        .add("notifications", host.listening())
        .add("projections", projections)
        .build()
        .toString();
  }

  @GET
  @RolesAllowed({Roles.READER, Roles.OPERATOR, Roles.ADMIN})
  @Path("/{name}")
  public String one(@PathParam("name") String name) {
    return json(status.one(name).orElseThrow(() -> unknown(name))).toString();
  }

  /**
   * Resets the projection's read model and checkpoint; the node holding its lease replays the feed.
   * Answers 202 with the status, whose {@code rebuild} object shows the progress.
   */
  @POST
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @Path("/{name}/rebuild")
  public Response rebuild(@PathParam("name") String name) {
    admin.rebuild(name).orElseThrow(() -> unknown(name));
    host.wake(name);
    return Response.accepted(one(name))
        .header("Location", "/api/v1/projections/" + name)
        .type(MediaType.APPLICATION_JSON)
        .build();
  }

  /** Lets a projection stopped by a failure go on from its checkpoint. */
  @POST
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @Path("/{name}/resume")
  public String resume(@PathParam("name") String name) {
    if (!admin.resume(name)) {
      throw unknown(name);
    }
    host.wake(name);
    return one(name);
  }

  private static ResourceNotFoundException unknown(String name) {
    return new ResourceNotFoundException("There is no projection named " + name);
  }

  private static JsonObject json(ProjectionStatus.View view) {
    boolean stopped = view.checkpoint().map(c -> c.stopped()).orElse(false);
    boolean rebuilding =
        view.checkpoint().flatMap(c -> c.rebuild()).map(r -> !r.finished()).orElse(false);
    String state =
        stopped
            ? "STOPPED"
            : view.failuresInARow() > 0 ? "BACKING_OFF" : rebuilding ? "REBUILDING" : "RUNNING";
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("name", view.name())
            .add("status", state)
            .add("eventsBehind", view.lag().events())
            .add("secondsBehind", view.lag().seconds());
    view.checkpoint()
        .ifPresent(
            c -> {
              json.add("checkpoint", c.cursor().encode())
                  .add("eventsProcessed", c.eventsProcessed())
                  .add("eventsRead", c.eventsRead());
              c.owner().ifPresent(o -> json.add("owner", o));
              c.failure().ifPresent(f -> json.add("failure", f));
              c.rebuild().ifPresent(r -> json.add("rebuild", rebuildJson(r)));
            });
    if (view.failuresInARow() > 0) {
      json.add("lastError", view.lastError());
    }
    return json.build();
  }

  private static JsonObjectBuilder rebuildJson(RebuildProgress rebuild) {
    Instant now = Instant.now();
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add("startedAt", rebuild.startedAt().toString())
            .add("total", rebuild.total())
            .add("processed", rebuild.processed())
            .add("percent", Math.round(rebuild.percent() * 10) / 10.0)
            .add("eventsPerSecond", Math.round(rebuild.eventsPerSecond(now)))
            .add("finished", rebuild.finished());
    rebuild.eta(now).ifPresent(eta -> json.add("etaSeconds", eta.toMillis() / 1000.0));
    rebuild.finishedAt().ifPresent(at -> json.add("finishedAt", at.toString()));
    return json;
  }
}
