package org.eventcore.infrastructure.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventcore.application.projection.Checkpoint;
import org.eventcore.application.projection.CheckpointStore;
import org.eventcore.application.projection.ProjectionRunner;
import org.eventcore.infrastructure.persistence.jpa.JpaCheckpointStore;

/** What operators see of each projection: checkpoint, lag, owner, health of its runner. */
@ApplicationScoped
public class ProjectionStatus {

  /** One projection's state. */
  public record View(
      String name,
      Optional<Checkpoint> checkpoint,
      CheckpointStore.Lag lag,
      long failuresInARow,
      String lastError) {}

  @Inject ProjectionHost host;
  @Inject JpaCheckpointStore checkpoints;

  @Transactional(Transactional.TxType.REQUIRED)
  public List<View> all() {
    List<View> views = new ArrayList<>();
    for (ProjectionRunner runner : host.runners()) {
      String name = runner.projection().name();
      views.add(
          new View(
              name,
              checkpoints.find(name),
              checkpoints.lag(name),
              runner.failuresInARow(),
              runner.lastError()));
    }
    return views;
  }
}
