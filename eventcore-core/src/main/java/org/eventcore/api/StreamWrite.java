package org.eventcore.api;

import java.util.List;
import java.util.Objects;

/**
 * One stream's part of an atomic append: the expectation on the stream and the events to append to
 * it, in order. A write without events takes part only in the check: the stream was read by the
 * decision and must not have changed (a read-only participant).
 */
public record StreamWrite(StreamId streamId, ExpectedVersion expected, List<NewEvent> events) {

  public StreamWrite {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(expected, "expected");
    events = List.copyOf(events);
  }

  /** A check-only participant: the stream must still be at {@code expected}. */
  public static StreamWrite checkOnly(StreamId streamId, ExpectedVersion expected) {
    return new StreamWrite(streamId, expected, List.of());
  }

  /**
   * Checks the writes of one append: at least one, each stream once.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static void requireValidAppend(List<StreamWrite> writes) {
    if (writes == null || writes.isEmpty()) {
      throw new IllegalArgumentException("An append needs at least one stream");
    }
    java.util.Set<StreamId> seen = new java.util.HashSet<>();
    for (StreamWrite write : writes) {
      if (!seen.add(write.streamId())) {
        throw new IllegalArgumentException(
            "Stream " + write.streamId() + " appears more than once in one append");
      }
    }
  }

  public boolean isCheckOnly() {
    return events.isEmpty();
  }
}
