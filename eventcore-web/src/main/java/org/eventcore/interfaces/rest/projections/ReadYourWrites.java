package org.eventcore.interfaces.rest.projections;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eventcore.api.FeedCursor;
import org.eventcore.infrastructure.projection.ProjectionCatchUp;
import org.eventcore.interfaces.rest.problem.InvalidFieldException;
import org.eventcore.interfaces.rest.problem.Problem;

/**
 * The {@code after} parameter of read-model queries: a cursor returned by a command. The query
 * answers once the read model has taken that command into account, or 503 (CE006) when it has not
 * within the configured wait.
 */
public final class ReadYourWrites {

  private ReadYourWrites() {}

  public static void await(ProjectionCatchUp catchUp, String projection, String after) {
    if (after == null || after.isBlank()) {
      return;
    }
    FeedCursor cursor;
    try {
      cursor = FeedCursor.parse(after);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("after", e.getMessage());
    }
    if (!catchUp.await(projection, cursor)) {
      Response problem =
          Problem.response(
              503,
              "read-model-behind",
              "CE006",
              "Read model behind",
              "The read model has not reached the given cursor yet; try again shortly");
      throw new WebApplicationException(
          Response.fromResponse(problem).header("Retry-After", "1").build());
    }
  }
}
