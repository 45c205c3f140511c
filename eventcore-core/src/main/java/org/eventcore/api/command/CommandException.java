package org.eventcore.api.command;

import org.eventcore.api.ErrorCode;

/** Base of the failures of a command, each with its stable {@link ErrorCode}. */
public abstract class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  protected CommandException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  protected CommandException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** Whether running the command again with fresh state may succeed. */
  public boolean isRetryable() {
    return false;
  }
}
