package org.eventcore.application.projection;

import java.time.Duration;
import java.util.Optional;
import org.eventcore.api.EventId;
import org.eventcore.api.FeedCursor;

/**
 * Checkpoints and leases of projections, in the caller's transaction.
 *
 * <p>{@link #claim} locks the projection's row until the transaction ends, so a batch, its
 * read-model changes and its checkpoint commit together; a second node that tries meanwhile is told
 * the projection is busy instead of waiting.
 */
public interface CheckpointStore {

  /**
   * Claims {@code projection} for {@code node}: takes or renews the lease when it is free, expired
   * or already ours, and locks the checkpoint for this transaction.
   *
   * @return the checkpoint, or empty when another node holds a valid lease or is working on it
   */
  Optional<Checkpoint> claim(String projection, String node, Duration lease);

  /**
   * Moves the claimed projection's checkpoint to {@code cursor}, after {@code read} feed events of
   * which {@code handled} passed the projection's filters.
   */
  void advance(String projection, FeedCursor cursor, long read, long handled);

  /**
   * Starts a rebuild: locks the checkpoint (waiting for a batch in progress), moves it back to the
   * start of the feed, clears a stop and the counters, and records the feed's size (up to the
   * horizon) as the rebuild's total. The caller resets the read model in the same transaction.
   *
   * @return the total
   */
  long startRebuild(String projection);

  /** Marks a running rebuild of the claimed projection finished (it caught up with the feed). */
  void finishRebuild(String projection);

  /** Lets a projection stopped by a failure go on, from its checkpoint (the failed event again). */
  void resume(String projection);

  /**
   * Records that {@code event} failed; with {@code skip} the checkpoint moves past it, otherwise
   * the projection is stopped.
   */
  void recordFailure(
      String projection, EventId event, FeedCursor cursorOfEvent, String reason, boolean skip);

  /** Gives up the lease of {@code node}, so that another node may take over at once. */
  void release(String projection, String node);

  /** How far {@code projection} is behind the feed: events not yet taken into account, and age. */
  Lag lag(String projection);

  /**
   * A projection's lag.
   *
   * @param events feed events after its checkpoint (up to the feed horizon); a store may count
   *     exactly only up to a limit and estimate beyond it (never below the exact count)
   * @param seconds age of the oldest of them (0 when there is none)
   */
  record Lag(long events, long seconds) {}

  /** Reads the checkpoint without claiming it. */
  Optional<Checkpoint> find(String projection);
}
