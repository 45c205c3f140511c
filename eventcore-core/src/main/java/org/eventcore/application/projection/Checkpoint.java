package org.eventcore.application.projection;

import java.util.Optional;
import org.eventcore.api.FeedCursor;

/**
 * Where a projection stands.
 *
 * @param projection its name
 * @param cursor the feed position after the last event it has taken into account
 * @param eventsProcessed how many events it has handled (filtered-out ones are not counted)
 * @param eventsRead how many feed events it has read (filtered-out ones included)
 * @param owner the node holding the lease, if any
 * @param stopped whether it was stopped by a failure (error strategy STOP)
 * @param failure the last recorded failure: the event id and the reason
 * @param rebuild the last rebuild, if there was one
 */
public record Checkpoint(
    String projection,
    FeedCursor cursor,
    long eventsProcessed,
    long eventsRead,
    Optional<String> owner,
    boolean stopped,
    Optional<String> failure,
    Optional<RebuildProgress> rebuild) {}
