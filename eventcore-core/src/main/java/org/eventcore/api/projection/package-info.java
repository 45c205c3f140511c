/**
 * Projections: read models built from the global feed. A {@link
 * org.eventcore.api.projection.Projection} handles batches of stored events; the runner commits
 * each batch together with its checkpoint, so a read model in the same database sees every event
 * exactly once.
 */
package org.eventcore.api.projection;
