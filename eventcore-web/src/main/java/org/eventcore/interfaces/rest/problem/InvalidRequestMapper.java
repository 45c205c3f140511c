package org.eventcore.interfaces.rest.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eventcore.api.InvalidStreamIdException;

/** Requests the API cannot accept as they are: 400 with the reason. */
@Provider
public class InvalidRequestMapper implements ExceptionMapper<IllegalArgumentException> {

  @Override
  public Response toResponse(IllegalArgumentException exception) {
    if (exception instanceof InvalidStreamIdException) {
      return Problem.response(
          Response.Status.BAD_REQUEST.getStatusCode(),
          "invalid-stream-id",
          "CE001",
          "Invalid stream id",
          exception.getMessage(),
          body -> body.add("field", "streamId"));
    }
    String field = exception instanceof InvalidFieldException invalid ? invalid.field() : null;
    return Problem.response(
        Response.Status.BAD_REQUEST.getStatusCode(),
        "invalid-request",
        "CE001",
        "Invalid request",
        exception.getMessage() == null ? "The request is not valid" : exception.getMessage(),
        body -> {
          if (field != null && !field.isEmpty()) {
            body.add("field", field);
          }
        });
  }
}
