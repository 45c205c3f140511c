/**
 * Projections: read models built from the global feed. A {@link
 * org.eventcore.api.projection.Projection} handles batches of stored events (raw payloads); a
 * {@link org.eventcore.api.projection.TypedProjection} receives the same events decoded with the
 * commands' codec, as {@link org.eventcore.api.projection.FeedEvent}s. Either way the runner
 * commits each batch together with its checkpoint, so a read model in the same database sees every
 * event exactly once.
 */
package org.eventcore.api.projection;
