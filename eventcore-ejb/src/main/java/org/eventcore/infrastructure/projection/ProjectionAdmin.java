package org.eventcore.infrastructure.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eventcore.api.EventStore;
import org.eventcore.api.projection.Projection;
import org.eventcore.application.projection.CheckpointStore;
import org.eventcore.application.projection.ProjectionProcessor;

/**
 * Operator actions on projections. Each runs in its own transaction; the caller wakes the runners
 * after it committed ({@link ProjectionHost#wake}).
 */
@ApplicationScoped
public class ProjectionAdmin {

  private static final Logger LOG = Logger.getLogger(ProjectionAdmin.class.getName());

  @Inject ProjectionHost host;
  @Inject EventStore eventStore;
  @Inject CheckpointStore checkpoints;

  /**
   * Resets {@code name}'s read model and checkpoint in one transaction (waiting for a batch in
   * progress), so that the node holding its lease replays the whole feed.
   *
   * @return the number of feed events to replay, or empty when there is no such projection
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<Long> rebuild(String name) {
    Projection projection = host.projections().get(name);
    if (projection == null) {
      return Optional.empty();
    }
    long total = processor().rebuild(projection);
    LOG.info(
        () -> String.format("Projection %s rebuild started: %,d events to replay", name, total));
    return Optional.of(total);
  }

  /**
   * Lets {@code name}, stopped by a failure, go on from its checkpoint (the failed event is tried
   * again).
   *
   * @return false when there is no such projection
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean resume(String name) {
    Projection projection = host.projections().get(name);
    if (projection == null) {
      return false;
    }
    processor().resume(projection);
    LOG.info(() -> "Projection " + name + " resumed by an operator");
    return true;
  }

  private ProjectionProcessor processor() {
    return new ProjectionProcessor(eventStore, checkpoints, host.node(), Duration.ofSeconds(1));
  }
}
