package org.eventcore.interfaces.rest.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything else. JAX-RS's own errors (404, 405, 415…) keep their status as a problem document;
 * any other failure is logged with an incident id and answered 500 with that id only.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

  @Override
  public Response toResponse(Throwable exception) {
    if (exception instanceof WebApplicationException web) {
      Response.StatusType status = web.getResponse().getStatusInfo();
      return Problem.response(
          status.getStatusCode(),
          "http-" + status.getStatusCode(),
          "HTTP" + status.getStatusCode(),
          status.getReasonPhrase(),
          status.getReasonPhrase());
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, exception);
    return Problem.response(
        Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(),
        "internal-error",
        "INTERNAL",
        "Internal error",
        "The request failed unexpectedly; the server log has the details under incident "
            + incident,
        body -> body.add("incident", incident));
  }
}
