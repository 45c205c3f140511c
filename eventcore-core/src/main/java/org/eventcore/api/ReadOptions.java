package org.eventcore.api;

import java.util.Objects;

/**
 * Which events of a stream to read: a version range, a count limit and a direction.
 *
 * <p>Forward reads return versions {@code fromVersion … toVersion} oldest first; backward reads
 * return the same range newest first, starting at {@code toVersion}. At most {@code maxCount}
 * events are returned either way.
 *
 * @param fromVersion the lowest version to return (inclusive, at least 1)
 * @param toVersion the highest version to return (inclusive); {@link Long#MAX_VALUE} for no bound
 * @param maxCount at most this many events, between 1 and {@link #MAX_COUNT_LIMIT}
 * @param direction forward (oldest first) or backward (newest first)
 */
public record ReadOptions(long fromVersion, long toVersion, int maxCount, Direction direction) {

  /** Reading order. */
  public enum Direction {
    FORWARD,
    BACKWARD
  }

  /** The largest page a single read returns. */
  public static final int MAX_COUNT_LIMIT = 100_000;

  public ReadOptions {
    Objects.requireNonNull(direction, "direction");
    if (fromVersion < 1) {
      throw new IllegalArgumentException("fromVersion starts at 1, was " + fromVersion);
    }
    if (toVersion < fromVersion) {
      throw new IllegalArgumentException(
          "toVersion (" + toVersion + ") must not be below fromVersion (" + fromVersion + ")");
    }
    if (maxCount < 1 || maxCount > MAX_COUNT_LIMIT) {
      throw new IllegalArgumentException(
          "maxCount must be between 1 and " + MAX_COUNT_LIMIT + ", was " + maxCount);
    }
  }

  /** The whole stream, oldest first, up to {@link #MAX_COUNT_LIMIT} events. */
  public static ReadOptions all() {
    return new ReadOptions(1, Long.MAX_VALUE, MAX_COUNT_LIMIT, Direction.FORWARD);
  }

  /** Up to {@code maxCount} events from {@code fromVersion} on, oldest first. */
  public static ReadOptions forwardFrom(long fromVersion, int maxCount) {
    return new ReadOptions(fromVersion, Long.MAX_VALUE, maxCount, Direction.FORWARD);
  }

  /** Up to {@code maxCount} events from {@code toVersion} down, newest first. */
  public static ReadOptions backwardFrom(long toVersion, int maxCount) {
    return new ReadOptions(1, toVersion, maxCount, Direction.BACKWARD);
  }

  /** The same range, limited to versions up to {@code version}. */
  public ReadOptions upTo(long version) {
    return new ReadOptions(fromVersion, version, maxCount, direction);
  }
}
