package org.eventcore.api;

/** A stream id was rejected; the message names the rule it broke. */
public final class InvalidStreamIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String rejectedValue;

  public InvalidStreamIdException(String rejectedValue, String reason) {
    super("Invalid stream id: " + reason);
    this.rejectedValue = rejectedValue;
  }

  /** The rejected text; may be {@code null} when null was given. */
  public String rejectedValue() {
    return rejectedValue;
  }
}
