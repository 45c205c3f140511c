package org.eventcore.interfaces.rest.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;
import org.eventcore.api.ErrorCode;
import org.eventcore.api.StreamId;

/**
 * A raw append was to write to a stream reserved for a command model: 403, code ES006, naming the
 * stream and the prefix that reserves it. Thrown before anything is written.
 */
public final class ReservedStreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient StreamId streamId;
  private final String prefix;

  public ReservedStreamException(StreamId streamId, String prefix) {
    super(
        "Stream "
            + streamId.value()
            + " belongs to a command model: the prefix '"
            + prefix
            + "' is reserved for commands, so the raw event-store API does not write to it."
            + " Use the command API of that model instead; nothing was written.");
    this.streamId = streamId;
    this.prefix = prefix;
  }

  public StreamId streamId() {
    return streamId;
  }

  public String prefix() {
    return prefix;
  }

  /** Maps it to its problem document. */
  @Provider
  public static class Mapper implements ExceptionMapper<ReservedStreamException> {

    private static final Logger LOG = Logger.getLogger(ReservedStreamException.class.getName());

    @Override
    public Response toResponse(ReservedStreamException exception) {
      LOG.info(
          () ->
              "Raw append to "
                  + exception.streamId().value()
                  + " refused: prefix "
                  + exception.prefix()
                  + " is reserved for commands");
      return Problem.response(
          Response.Status.FORBIDDEN.getStatusCode(),
          "stream-reserved-for-commands",
          ErrorCode.ES006.name(),
          ErrorCode.ES006.title(),
          exception.getMessage(),
          body ->
              body.add("streamId", exception.streamId().value()).add("prefix", exception.prefix()));
    }
  }
}
