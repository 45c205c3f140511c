package org.eventcore.dev;

/** A database could not be obtained; the message is one line that tells the user what to do. */
public final class DevDatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DevDatabaseException(String message) {
    super(message);
  }
}
