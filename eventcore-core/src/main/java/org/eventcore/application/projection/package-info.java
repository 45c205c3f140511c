/**
 * Running projections: {@link org.eventcore.application.projection.ProjectionProcessor} moves a
 * projection one batch forward inside the caller's transaction, with the checkpoint and the lease
 * of {@link org.eventcore.application.projection.CheckpointStore} in the same transaction. A {@link
 * org.eventcore.api.projection.TypedProjection} runs as a {@link
 * org.eventcore.application.projection.DecodingProjection}, which decodes each batch through the
 * {@link org.eventcore.application.command.EventCodecs} port within that same transaction.
 */
package org.eventcore.application.projection;
