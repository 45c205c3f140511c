package org.eventcore.application.command;

import java.util.Optional;

/**
 * Remembers the result of every command executed with an idempotency key, in the transaction of the
 * command itself: either the events and the result are both committed, or neither.
 */
public interface IdempotencyStore {

  /**
   * Claims {@code key} for a command of {@code commandType} in the caller's transaction. If another
   * transaction holds the claim, waits for it to end.
   *
   * @return the stored result when the key was already used (the command must not run again), or
   *     empty when this transaction now holds the key and must {@link #complete} it
   * @throws org.eventcore.api.command.CommandValidationException if the key was used by another
   *     command type
   */
  Optional<CommandResult> claim(String key, String commandType);

  /** Stores the result of the command that claimed {@code key}, in the same transaction. */
  void complete(String key, CommandResult result);
}
