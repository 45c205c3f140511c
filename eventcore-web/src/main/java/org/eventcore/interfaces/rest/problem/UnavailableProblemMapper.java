package org.eventcore.interfaces.rest.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The service is too busy (bulkhead full) or too slow (timeout): 503 with {@code Retry-After}.
 * Nothing of the refused or abandoned command was committed.
 */
@Provider
public class UnavailableProblemMapper implements ExceptionMapper<FaultToleranceException> {

  @Override
  public Response toResponse(FaultToleranceException exception) {
    String detail =
        exception instanceof BulkheadException
            ? "Too many commands are running; try again shortly"
            : exception instanceof TimeoutException
                ? "The command did not finish in time and was rolled back; try again"
                : "The service cannot take the command now; try again shortly";
    String code = exception instanceof TimeoutException ? "CE006" : "ES003";
    Response problem =
        Problem.response(
            Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
            "service-unavailable",
            code,
            "Service unavailable",
            detail);
    return Response.fromResponse(problem).header("Retry-After", "1").build();
  }
}
