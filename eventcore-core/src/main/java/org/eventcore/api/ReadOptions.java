package org.eventcore.api;

import java.util.Objects;

/**
 * Which events of a stream to read.
 *
 * @param fromVersion forward: the first version to return (inclusive, at least 1); backward: the
 *     highest version to return, or {@link Long#MAX_VALUE} for the end of the stream
 * @param maxCount at most this many events
 * @param direction forward (oldest first) or backward (newest first)
 */
public record ReadOptions(long fromVersion, int maxCount, Direction direction) {

  /** Reading order. */
  public enum Direction {
    FORWARD,
    BACKWARD
  }

  /** The largest page a single read returns. */
  public static final int MAX_COUNT_LIMIT = 100_000;

  public ReadOptions {
    Objects.requireNonNull(direction, "direction");
    if (fromVersion < 0) {
      throw new IllegalArgumentException("fromVersion must not be negative, was " + fromVersion);
    }
    if (maxCount < 1 || maxCount > MAX_COUNT_LIMIT) {
      throw new IllegalArgumentException(
          "maxCount must be between 1 and " + MAX_COUNT_LIMIT + ", was " + maxCount);
    }
  }

  /** The whole stream, oldest first, up to {@link #MAX_COUNT_LIMIT} events. */
  public static ReadOptions all() {
    return new ReadOptions(1, MAX_COUNT_LIMIT, Direction.FORWARD);
  }

  public static ReadOptions forwardFrom(long fromVersion, int maxCount) {
    return new ReadOptions(Math.max(1, fromVersion), maxCount, Direction.FORWARD);
  }

  public static ReadOptions backwardFrom(long fromVersion, int maxCount) {
    return new ReadOptions(fromVersion, maxCount, Direction.BACKWARD);
  }
}
