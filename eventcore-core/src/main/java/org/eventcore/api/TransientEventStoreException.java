package org.eventcore.api;

/**
 * A failure of the store that may not happen again: the database was unreachable, restarted,
 * refused a connection or a serialization. Nothing was written; the command executor retries it
 * like a conflict.
 */
public class TransientEventStoreException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  public TransientEventStoreException(String message) {
    super(message);
  }

  public TransientEventStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
