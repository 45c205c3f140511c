package org.eventcore.interfaces.rest.problem;

/**
 * A part of the request is missing, of the wrong type, unknown or out of range: 400 (CE001) naming
 * the offending {@code field} — a JSON member path such as {@code items.quantity} or {@code
 * events[0].data}, a query parameter or a header; empty when the request as a whole is wrong (a
 * body that is not JSON).
 */
public final class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field == null ? "" : field;
  }

  public String field() {
    return field;
  }
}
