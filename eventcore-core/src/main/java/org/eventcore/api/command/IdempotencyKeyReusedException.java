package org.eventcore.api.command;

import org.eventcore.api.ErrorCode;

/**
 * An idempotency key was sent again with a request that differs from the one it was first used for
 * — another command type, or the same type with other content (CE009). The IETF Idempotency-Key
 * draft answers such a request 422: the key is the client's promise that the request is a
 * repetition, and a different request breaks it. Nothing was written; never retried.
 */
public final class IdempotencyKeyReusedException extends CommandException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public IdempotencyKeyReusedException(String key, String message) {
    super(ErrorCode.CE009, message);
    this.key = key;
  }

  /** The reused key. */
  public String key() {
    return key;
  }
}
