package org.eventcore.api.command;

import org.eventcore.api.ErrorCode;
import org.eventcore.api.StreamId;

/**
 * A command emitted to a stream it neither declared nor discovered (CE007): a programming error.
 * Nothing was written.
 */
public final class UndeclaredStreamException extends CommandException {
  private static final long serialVersionUID = 1L;

  private final StreamId streamId;

  public UndeclaredStreamException(String commandType, StreamId streamId) {
    super(
        ErrorCode.CE007,
        "Stream access denied: "
            + commandType
            + " cannot write to "
            + streamId
            + ", which it neither declared nor discovered");
    this.streamId = streamId;
  }

  public StreamId streamId() {
    return streamId;
  }
}
