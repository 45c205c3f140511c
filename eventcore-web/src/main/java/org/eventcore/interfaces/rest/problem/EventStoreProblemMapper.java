package org.eventcore.interfaces.rest.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eventcore.api.CommitFailedException;
import org.eventcore.api.DuplicateEventIdException;
import org.eventcore.api.EventStoreException;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.TransientEventStoreException;

/**
 * Store failures that are not a version conflict: a commit that failed with its events not stored
 * (ES007) or with an outcome not known in time (ES008) → 503 with {@code Retry-After}; an
 * unreachable database → 503 with {@code Retry-After} (ES002); a duplicate event id → 409; anything
 * else → 500 with an incident id (ES004). Never SQL or a stack trace.
 */
@Provider
public class EventStoreProblemMapper implements ExceptionMapper<EventStoreException> {

  private static final Logger LOG = Logger.getLogger(EventStoreProblemMapper.class.getName());
  private final StreamVersionConflictMapper conflicts = new StreamVersionConflictMapper();

  @Override
  public Response toResponse(EventStoreException exception) {
    if (exception instanceof StreamVersionConflictException conflict) {
      return conflicts.toResponse(conflict);
    }
    if (exception instanceof CommitFailedException failedCommit) {
      LOG.log(Level.WARNING, "Commit failed: {0}", exception.getMessage());
      Response problem =
          failedCommit.outcomeKnown()
              ? Problem.response(
                  Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
                  "command-not-committed",
                  failedCommit.code().name(),
                  failedCommit.code().title(),
                  "The connection to the database failed during the commit; the command was"
                      + " not stored and did not happen. Sending it again is safe.")
              : Problem.response(
                  Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
                  "commit-outcome-unknown",
                  failedCommit.code().name(),
                  failedCommit.code().title(),
                  "The connection to the database failed during the commit, and whether the"
                      + " command was stored is not known yet. Send it again with the same"
                      + " Idempotency-Key (it runs at most once), or read its streams.");
      return Response.fromResponse(problem).header("Retry-After", "1").build();
    }
    if (exception instanceof TransientEventStoreException) {
      LOG.log(Level.WARNING, "Database unavailable: {0}", exception.getMessage());
      Response problem =
          Problem.response(
              Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
              "database-unavailable",
              "ES002",
              "Database unavailable",
              "The database cannot be reached; nothing was written. Try again shortly.");
      return Response.fromResponse(problem).header("Retry-After", "5").build();
    }
    if (exception instanceof DuplicateEventIdException) {
      return Problem.response(
          Response.Status.CONFLICT.getStatusCode(),
          "duplicate-event-id",
          "ES001",
          "Duplicate event id",
          "An event with this id is already stored; nothing was written");
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Event store failure, incident " + incident, exception);
    return Problem.response(
        Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(),
        "event-store-failure",
        "ES004",
        "Event store failure",
        "The event store failed; nothing was written. Incident " + incident,
        body -> body.add("incident", incident));
  }
}
