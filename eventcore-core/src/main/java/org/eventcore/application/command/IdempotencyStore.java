package org.eventcore.application.command;

import java.util.Optional;

/**
 * Remembers the result of every command executed with an idempotency key, in the transaction of the
 * command itself: either the events and the result are both committed, or neither. A key is kept
 * for a retention period (removed by a background job, {@code eventcore.idempotency.retention}) and
 * may be used again after that.
 */
public interface IdempotencyStore {

  /**
   * Claims {@code key} for a command of {@code commandType} whose content has the {@link
   * RequestFingerprint} {@code fingerprint}, in the caller's transaction. If another transaction
   * holds the claim, waits for it to end.
   *
   * @return the stored result when the key was already used for the same request (the command must
   *     not run again), or empty when this transaction now holds the key and must {@link #complete}
   *     it
   * @throws org.eventcore.api.command.IdempotencyKeyReusedException if the key was used for another
   *     command type or for the same type with a different fingerprint
   */
  Optional<CommandResult> claim(String key, String commandType, String fingerprint);

  /** Stores the result of the command that claimed {@code key}, in the same transaction. */
  void complete(String key, CommandResult result);
}
