package org.eventcore.interfaces.rest.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A resource of the API (an account, an order) does not exist: 404, code CE004. */
public final class ResourceNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ResourceNotFoundException(String message) {
    super(message);
  }

  /** Maps it to its problem document. */
  @Provider
  public static class Mapper implements ExceptionMapper<ResourceNotFoundException> {
    @Override
    public Response toResponse(ResourceNotFoundException exception) {
      return Problem.response(
          Response.Status.NOT_FOUND.getStatusCode(),
          "not-found",
          "CE004",
          "Not found",
          exception.getMessage());
    }
  }
}
