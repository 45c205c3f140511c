package org.eventcore.api.projection;

import java.util.List;
import java.util.Set;
import org.eventcore.api.StoredEvent;

/**
 * A read model fed by the global feed.
 *
 * <p><b>Exactly once.</b> {@link #handle} runs inside the runner's transaction, which also moves
 * the projection's checkpoint: when the read model lives in the same database and is written in
 * that transaction, each event takes effect exactly once, even if the server dies between batches.
 * {@code handle} must therefore not commit on its own nor have effects outside the database.
 */
public interface Projection {

  /** A stable, unique name (the key of its checkpoint). */
  String name();

  /** Handles the next events of the feed (already filtered), in feed order. */
  void handle(List<StoredEvent> events);

  /** Removes everything the projection has built, before a rebuild (in the rebuild transaction). */
  void reset();

  /** Only these event types reach {@link #handle}; empty (the default) means all. */
  default Set<String> eventTypes() {
    return Set.of();
  }

  /** Only streams whose id starts with one of these prefixes; empty (the default) means all. */
  default Set<String> streamPrefixes() {
    return Set.of();
  }

  /** What the runner does when {@link #handle} fails; {@link ErrorStrategy#RETRY} by default. */
  default ErrorStrategy onError() {
    return ErrorStrategy.RETRY;
  }

  /** Whether {@code event} passes this projection's filters. */
  default boolean accepts(StoredEvent event) {
    boolean typeOk = eventTypes().isEmpty() || eventTypes().contains(event.type());
    boolean streamOk =
        streamPrefixes().isEmpty()
            || streamPrefixes().stream().anyMatch(p -> event.streamId().value().startsWith(p));
    return typeOk && streamOk;
  }

  /** The reaction to a failing batch. */
  enum ErrorStrategy {
    /** Roll back and try the same batch again later (after a back-off). */
    RETRY,
    /** Record the failing event, skip it, and go on with the next one. */
    SKIP,
    /** Record the failing event and stop the projection until an operator resumes it. */
    STOP
  }
}
