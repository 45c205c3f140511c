package org.eventcore.interfaces.rest.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eventcore.api.command.CommandException;
import org.eventcore.api.command.ConcurrencyConflictException;

/**
 * Rejected and failed commands: CE001 → 400, CE002 → 422, CE003 → 409 naming the streams and
 * versions, CE004 → 404, CE005 → 403, CE006 → 503, CE009 (an idempotency key sent again with a
 * different request) → 422, CE007 and CE008 (programming errors) → 500. Business rejections are
 * expected: they are not logged as errors.
 */
@Provider
public class CommandProblemMapper implements ExceptionMapper<CommandException> {

  private static final Logger LOG = Logger.getLogger(CommandProblemMapper.class.getName());

  @Override
  public Response toResponse(CommandException exception) {
    int status =
        switch (exception.code()) {
          case CE001 -> 400;
          case CE002 -> Problem.UNPROCESSABLE_CONTENT;
          case CE003 -> 409;
          case CE004 -> 404;
          case CE005 -> 403;
          case CE006 -> 503;
          case CE009 -> Problem.UNPROCESSABLE_CONTENT;
          default -> 500;
        };
    if (status == 500) {
      LOG.log(Level.SEVERE, exception.getMessage(), exception);
    }
    String slug = exception.code().title().toLowerCase(Locale.ROOT).replace(' ', '-');
    return Problem.response(
        status,
        slug,
        exception.code().name(),
        exception.code().title(),
        exception.getMessage(),
        body -> {
          if (exception instanceof ConcurrencyConflictException conflict) {
            body.add("streams", Problem.conflicts(conflict.conflicts()))
                .add("attempts", conflict.attempts());
          }
        });
  }
}
