package org.eventcore.api.command;

import org.eventcore.api.ErrorCode;

/** The command itself is malformed (CE001). Nothing was written; never retried. */
public final class CommandValidationException extends CommandException {
  private static final long serialVersionUID = 1L;

  public CommandValidationException(String message) {
    super(ErrorCode.CE001, message);
  }

  public CommandValidationException(String message, Throwable cause) {
    super(ErrorCode.CE001, message, cause);
  }
}
