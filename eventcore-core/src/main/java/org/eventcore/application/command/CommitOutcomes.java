package org.eventcore.application.command;

import java.time.Duration;

/**
 * Finds out, after the fact, whether a command's transaction committed: the port the executor asks
 * when a commit failed with an unknown outcome (the connection broke during the commit).
 *
 * <p>The executor knows what the attempt decided (its events, their ids, and the database
 * transaction they were written in); an implementation asks the database in a new transaction and
 * connection.
 */
public interface CommitOutcomes {

  /** What became of a commit whose answer was lost. */
  enum Outcome {
    /** Every event of the result is stored: the command happened. */
    COMMITTED,
    /** The transaction rolled back and none of its events is stored: the command did not happen. */
    NOT_COMMITTED,
    /** The database could not tell within the time given (unreachable, or still undecided). */
    UNKNOWN
  }

  /**
   * The outcome of the transaction that wrote {@code decided} (it wrote at least one event). Waits
   * at most about {@code within} for the transaction to end; never throws.
   */
  Outcome outcomeOf(CommandResult decided, Duration within);
}
