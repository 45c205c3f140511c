package org.eventcore.interfaces.rest.projections;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eventcore.infrastructure.projection.ProjectionHost;
import org.eventcore.infrastructure.projection.ProjectionStatus;

/**
 * {@code GET /api/v1/projections}: each projection's status ({@code RUNNING}, {@code STOPPED},
 * {@code BACKING_OFF}), checkpoint cursor and events handled, lag (events and seconds behind),
 * lease owner, and its last recorded failure.
 */
@Path("/projections")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionResource {

  @Inject ProjectionStatus status;
  @Inject ProjectionHost host;

  @GET
  public String list() {
    JsonArrayBuilder projections = Json.createArrayBuilder();
    for (ProjectionStatus.View view : status.all()) {
      boolean stopped = view.checkpoint().map(c -> c.stopped()).orElse(false);
      JsonObjectBuilder json =
          Json.createObjectBuilder()
              .add("name", view.name())
              .add(
                  "status",
                  stopped ? "STOPPED" : view.failuresInARow() > 0 ? "BACKING_OFF" : "RUNNING")
              .add("eventsBehind", view.lag().events())
              .add("secondsBehind", view.lag().seconds());
      view.checkpoint()
          .ifPresent(
              c -> {
                json.add("checkpoint", c.cursor().encode())
                    .add("eventsProcessed", c.eventsProcessed());
                c.owner().ifPresent(o -> json.add("owner", o));
                c.failure().ifPresent(f -> json.add("failure", f));
              });
      if (view.failuresInARow() > 0) {
        json.add("lastError", view.lastError());
      }
      projections.add(json);
    }
    return Json.createObjectBuilder()
        .add("node", host.node())
        .add("projections", projections)
        .build()
        .toString();
  }
}
