package org.eventcore.api.command;

import java.util.List;
import org.eventcore.api.ErrorCode;
import org.eventcore.api.StreamVersionConflictException.Conflict;

/**
 * Every attempt of a command met a concurrent change to its streams (CE003): the retries ran out.
 * Nothing of the command was written. Names the streams and versions of the last conflict.
 */
public final class ConcurrencyConflictException extends CommandException {
  private static final long serialVersionUID = 1L;

  private final transient List<Conflict> conflicts;
  private final int attempts;

  public ConcurrencyConflictException(
      String commandType, List<Conflict> conflicts, int attempts, Throwable cause) {
    super(
        ErrorCode.CE003,
        "Concurrency conflict: "
            + commandType
            + " met a concurrent change in each of its "
            + attempts
            + " attempts; last: "
            + conflicts,
        cause);
    this.conflicts = List.copyOf(conflicts);
    this.attempts = attempts;
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  public int attempts() {
    return attempts;
  }
}
