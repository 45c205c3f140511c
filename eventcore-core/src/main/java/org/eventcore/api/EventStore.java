package org.eventcore.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The event store port: append atomically to several streams, read streams, read versions.
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
 *   <li><em>Ordered</em>: each stream's versions are contiguous from 1 in the order the events were
 *       given.
 * </ul>
 *
 * <p><b>Failures.</b> {@link StreamVersionConflictException} when an expectation fails (nothing
 * written, the transaction may continue or roll back); {@link DuplicateEventIdException} when an
 * event id already exists; {@link EventStoreException} for anything else (the caller's transaction
 * must roll back).
 */
public interface EventStore {

  /**
   * Appends atomically to every stream of {@code writes}; each stream may appear only once.
   *
   * @return the written events with their versions and positions, and every stream's new version
   * @throws StreamVersionConflictException if any expectation fails
   * @throws IllegalArgumentException if a stream appears twice or nothing is given
   */
  AppendResult append(List<StreamWrite> writes);

  /** Reads the events of one stream selected by {@code options}; an unknown stream is empty. */
  StreamEvents read(StreamId streamId, ReadOptions options);

  /** The current version of each given stream (0 for a stream without events). */
  Map<StreamId, StreamVersion> currentVersions(Collection<StreamId> streamIds);
}
