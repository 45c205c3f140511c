package org.eventcore.interfaces.rest.security;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eventcore.api.ErrorCode;
import org.eventcore.api.StreamId;
import org.eventcore.interfaces.rest.problem.Problem;

/**
 * The caller's roles do not allow this raw read or append on a stream ({@link StreamPermissions}):
 * 403, code {@code CE005}, naming the stream (absent for the global feed) and the operation. Thrown
 * before anything is read or written.
 */
public final class StreamAccessForbiddenException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Optional<StreamId> streamId;
  private final StreamPermissions.Operation operation;

  public StreamAccessForbiddenException(
      Optional<StreamId> streamId, StreamPermissions.Operation operation) {
    super(
        streamId
            .map(
                s ->
                    "Your roles may not "
                        + operation.name().toLowerCase(Locale.ROOT)
                        + " stream "
                        + s.value()
                        + " (stream permissions); nothing was written.")
            .orElse("Your roles may not read every stream, which the global feed carries."));
    this.streamId = streamId;
    this.operation = operation;
  }

  /** Maps it to its problem document. */
  @Provider
  public static class Mapper implements ExceptionMapper<StreamAccessForbiddenException> {

    private static final Logger LOG =
        Logger.getLogger(StreamAccessForbiddenException.class.getName());

    @Override
    public Response toResponse(StreamAccessForbiddenException exception) {
      LOG.info(exception::getMessage);
      return Problem.response(
          Response.Status.FORBIDDEN.getStatusCode(),
          "stream-access-forbidden",
          ErrorCode.CE005.name(),
          "Stream access forbidden",
          exception.getMessage(),
          body -> {
            body.add("operation", exception.operation.name().toLowerCase(Locale.ROOT));
            exception.streamId.ifPresent(s -> body.add("streamId", s.value()));
          });
    }
  }
}
