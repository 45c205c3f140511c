package org.eventcore.api;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The event store port: append atomically to several streams, read streams, follow the global feed.
 *
 * <p><b>Transactions.</b> A store joins the transaction of its caller; it never begins or commits
 * one. Everything one call writes becomes visible at the caller's commit, together, or not at all.
 *
 * <p><b>Guarantees of {@link #append(List)}.</b>
 *
 * <ul>
 *   <li><em>Atomic</em>: the events of all participating streams are written, or none is.
 *   <li><em>Consistent</em>: every participant's expectation is checked under a lock on the stream
 *       that is held until the caller's transaction ends, including check-only participants
 *       (streams that were read but not written). Locks are taken in {@link StreamId} order, so
 *       concurrent appends over overlapping streams cannot deadlock.
 *   <li><em>Ordered</em>: each stream's versions are contiguous from 1, in the order the events
 *       were given.
 *   <li><em>Durable</em>: once the caller's commit returns, the events survive a crash of the
 *       server and of the database (PostgreSQL with {@code fsync} and {@code synchronous_commit}
 *       on).
 * </ul>
 *
 * <p><b>The global feed</b> ({@link #readFeed}) delivers every committed event exactly once, in one
 * order that never changes, although transactions commit in another order than they write: a page
 * only contains events of transactions older than every transaction still running, so an event that
 * commits late is never skipped. The price is that one long-running transaction holds the feed
 * back; {@link #oldestRunningTransactionAge()} tells by how much.
 *
 * <p><b>Failures.</b> {@link StreamVersionConflictException} when an expectation fails (nothing
 * written; retry the read-decide-append with fresh state); {@link DuplicateEventIdException} when
 * an event id is already stored (nothing written); {@link IllegalArgumentException} for a malformed
 * request; {@link EventStoreException} for anything else — after any of these but a conflict found
 * by the version check, the caller's transaction must roll back.
 */
public interface EventStore {

  /**
   * Appends atomically to every stream of {@code writes}; each stream may appear only once.
   *
   * @return the written events with their versions and positions, and every stream's new version
   * @throws StreamVersionConflictException if any expectation fails, naming every failing stream
   * @throws IllegalArgumentException if a stream appears twice or nothing is given
   */
  AppendResult append(List<StreamWrite> writes);

  /** Reads the events of one stream selected by {@code options}; an unknown stream is empty. */
  StreamEvents read(StreamId streamId, ReadOptions options);

  /**
   * Reads several whole streams in one call (for a command's state): each stream's events oldest
   * first, with its current version; unknown streams are empty. The result has an entry for every
   * requested stream, in the order given.
   */
  Map<StreamId, StreamEvents> readStreams(Collection<StreamId> streamIds);

  /**
   * Reads several streams in one call, each only after a given version (for a command whose state
   * already reflects the events up to that version): for each stream, the events with a higher
   * version, oldest first, and the stream's current version. The result has an entry for every
   * requested stream, in the order given; unknown streams are empty with version 0. A version
   * beyond the stream's end is not an error: no events, and the lower current version tells.
   *
   * <p>Stores should answer from one consistent view (one query), so that each stream's version
   * matches its last returned event. This default reads stream after stream; callers must not rely
   * on the version and the events being from the same moment and should take the version of the
   * last returned event as the version their state reflects.
   *
   * @param after for each stream, the version after which to read ({@link StreamVersion#EMPTY} for
   *     the whole stream)
   */
  default Map<StreamId, StreamEvents> readStreamsAfter(Map<StreamId, StreamVersion> after) {
    Map<StreamId, StreamEvents> result = new java.util.LinkedHashMap<>();
    after.forEach(
        (id, version) ->
            result.put(
                id,
                read(
                    id,
                    ReadOptions.forwardFrom(
                        Math.addExact(version.value(), 1), ReadOptions.MAX_COUNT_LIMIT))));
    return result;
  }

  /** The current version of each given stream (0 for a stream without events). */
  Map<StreamId, StreamVersion> currentVersions(Collection<StreamId> streamIds);

  /**
   * Reads up to {@code limit} events of the global feed after {@code after} ({@link
   * FeedCursor#START} for the beginning).
   */
  FeedPage readFeed(FeedCursor after, int limit);

  /**
   * How long the oldest transaction that is still running has been running, or zero. The global
   * feed cannot move past it: this is how far behind real time the feed may be held.
   */
  Duration oldestRunningTransactionAge();
}
