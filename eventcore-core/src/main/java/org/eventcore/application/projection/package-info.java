/**
 * Running projections: {@link org.eventcore.application.projection.ProjectionProcessor} moves a
 * projection one batch forward inside the caller's transaction, with the checkpoint and the lease
 * of {@link org.eventcore.application.projection.CheckpointStore} in the same transaction.
 */
package org.eventcore.application.projection;
