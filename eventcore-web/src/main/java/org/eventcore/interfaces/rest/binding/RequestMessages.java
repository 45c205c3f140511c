package org.eventcore.interfaces.rest.binding;

/**
 * The wording of request errors, shared by constraint annotations and JSON-B deserializers so that
 * a client reads the same sentence whichever check refused the field. Each is prefixed with the
 * field name in the problem's {@code detail}.
 */
public final class RequestMessages {

  /** A command endpoint called without a body, or with {@code null}. */
  public static final String BODY_REQUIRED = "is required (a JSON object)";

  /** A member that is missing or {@code null}. */
  public static final String REQUIRED = "is required";

  /** A number with a fraction, a string or anything else where an integer belongs. */
  public static final String WHOLE_NUMBER = "must be a whole number (minor units)";

  /** An integer too large for the field. */
  public static final String OUT_OF_RANGE = "is out of range";

  /** A number, boolean, array or object where a string belongs. */
  public static final String STRING = "must be a string";

  private RequestMessages() {}
}
