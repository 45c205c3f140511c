package org.eventcore.api;

/**
 * The number of events in a stream, which is also the version of its last event.
 *
 * <p>An empty (or not yet existing) stream has version 0 ({@link #EMPTY}); its first event has
 * version 1, the next 2, and so on without gaps (the book's contradiction A-18 settled this way,
 * see ADR 0002).
 */
public record StreamVersion(long value) implements Comparable<StreamVersion> {

  /** The version of a stream that has no events. */
  public static final StreamVersion EMPTY = new StreamVersion(0);

  public StreamVersion {
    if (value < 0) {
      throw new IllegalArgumentException("A stream version is never negative, was " + value);
    }
  }

  public static StreamVersion of(long value) {
    return value == 0 ? EMPTY : new StreamVersion(value);
  }

  /** The version the next appended event gets. */
  public StreamVersion next() {
    return new StreamVersion(Math.addExact(value, 1));
  }

  /** Whether this is the version of a stream without events. */
  public boolean isEmpty() {
    return value == 0;
  }

  @Override
  public int compareTo(StreamVersion other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
