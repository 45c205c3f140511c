package org.eventcore.api;

/** An append carried an event id that the store already holds; nothing was written. */
public final class DuplicateEventIdException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  public DuplicateEventIdException(String message, Throwable cause) {
    super(message, cause);
  }
}
