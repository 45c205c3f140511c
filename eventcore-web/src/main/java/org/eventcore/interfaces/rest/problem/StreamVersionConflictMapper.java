package org.eventcore.interfaces.rest.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eventcore.api.StreamVersionConflictException;

/** A failed expectation: 409 naming every stream with its expected and actual version. */
@Provider
public class StreamVersionConflictMapper
    implements ExceptionMapper<StreamVersionConflictException> {

  @Override
  public Response toResponse(StreamVersionConflictException exception) {
    return Problem.response(
        Response.Status.CONFLICT.getStatusCode(),
        "stream-version-conflict",
        "ES001",
        "Stream version conflict",
        "A stream is not at the expected version; nothing was written",
        body -> body.add("streams", Problem.conflicts(exception.conflicts())));
  }
}
