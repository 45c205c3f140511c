package org.eventcore.api;

import java.util.List;

/**
 * An append was refused because at least one participating stream did not meet its expectation:
 * another writer got there first. Nothing was written. Retrying the whole read-decide-append with
 * fresh state is the normal reaction.
 */
public final class StreamVersionConflictException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  /** One stream whose version did not meet the expectation. */
  public record Conflict(StreamId streamId, ExpectedVersion expected, StreamVersion actual) {
    @Override
    public String toString() {
      return streamId + " expected " + expected + " but is at " + actual;
    }
  }

  private final transient List<Conflict> conflicts;

  public StreamVersionConflictException(List<Conflict> conflicts) {
    super("Version conflict: " + conflicts);
    this.conflicts = List.copyOf(conflicts);
  }

  /**
   * A conflict detected by the database rather than by the version check (a concurrent writer won a
   * race on the same stream version); which versions were involved is not known.
   */
  public StreamVersionConflictException(String detail) {
    super("Version conflict: " + detail);
    this.conflicts = List.of();
  }

  /** Every stream that failed its check; empty when the database detected the conflict. */
  public List<Conflict> conflicts() {
    return conflicts;
  }
}
