package org.eventcore.api;

/**
 * The transaction of a command failed at its commit — the connection to the database broke while
 * the commit was under way — so its outcome was not known from the commit itself; the executor
 * looked its events up afterwards. Never retried automatically.
 *
 * <ul>
 *   <li>{@link #outcomeKnown()} true ({@link ErrorCode#ES007}): the events are not stored and never
 *       will be; the command did not happen and may be sent again.
 *   <li>{@link #outcomeKnown()} false ({@link ErrorCode#ES008}): the database could not be asked in
 *       time; the command may or may not have happened. A repeat with the same idempotency key
 *       returns the stored outcome if it happened, or runs it if not.
 * </ul>
 */
public class CommitFailedException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final boolean outcomeKnown;

  public CommitFailedException(String message, boolean outcomeKnown, Throwable cause) {
    super(message, cause);
    this.outcomeKnown = outcomeKnown;
  }

  /** True when the command is known not to have happened; false when nobody knows yet. */
  public boolean outcomeKnown() {
    return outcomeKnown;
  }

  /** {@link ErrorCode#ES007} or {@link ErrorCode#ES008}. */
  public ErrorCode code() {
    return outcomeKnown ? ErrorCode.ES007 : ErrorCode.ES008;
  }
}
