package org.eventcore.api;

import java.util.Objects;

/**
 * The identity of an event stream, for example {@code account-42} or {@code order-2024-0001}.
 *
 * <p>Valid ids are non-blank, at most {@value #MAX_LENGTH} characters long and contain no control
 * characters; anything else is rejected with an {@link InvalidStreamIdException} that says why. Ids
 * are compared by their exact text (case-sensitive); their natural order is the order in which the
 * store locks streams.
 */
public record StreamId(String value) implements Comparable<StreamId> {

  /** The longest accepted id, in characters. */
  public static final int MAX_LENGTH = 255;

  public StreamId {
    if (value == null) {
      throw new InvalidStreamIdException(null, "must not be null");
    }
    if (value.isBlank()) {
      throw new InvalidStreamIdException(value, "must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidStreamIdException(
          value, "must be at most " + MAX_LENGTH + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidStreamIdException(
            value,
            "must not contain control characters (found U+%04X at index %d)"
                .formatted((int) value.charAt(i), i));
      }
    }
  }

  /** Creates a stream id, validating it. */
  public static StreamId of(String value) {
    return new StreamId(value);
  }

  @Override
  public int compareTo(StreamId other) {
    return value.compareTo(Objects.requireNonNull(other).value);
  }

  @Override
  public String toString() {
    return value;
  }
}
