package org.eventcore.infrastructure.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventcore.api.projection.Projection;
import org.eventcore.application.projection.Checkpoint;
import org.eventcore.application.projection.CheckpointStore;
import org.eventcore.application.projection.ProjectionRunner;

/**
 * What operators see of each projection: checkpoint, lag, owner, the last rebuild, and the health
 * of this server's runner (when projections run here).
 */
@ApplicationScoped
public class ProjectionStatus {

  /**
   * One projection's state.
   *
   * @param runner this server's runner of it, if projections run here
   */
  public record View(
      String name,
      Optional<Checkpoint> checkpoint,
      CheckpointStore.Lag lag,
      Optional<ProjectionRunner> runner) {

    public long failuresInARow() {
      return runner.map(ProjectionRunner::failuresInARow).orElse(0L);
    }

    public String lastError() {
      return runner.map(ProjectionRunner::lastError).orElse("");
    }
  }

  @Inject ProjectionHost host;
  @Inject CheckpointStore checkpoints;

  @Transactional(Transactional.TxType.REQUIRED)
  public List<View> all() {
    List<View> views = new ArrayList<>();
    for (String name : host.projections().keySet().stream().sorted().toList()) {
      views.add(view(name));
    }
    return views;
  }

  /** The state of the projection named {@code name}, if there is one. */
  @Transactional(Transactional.TxType.REQUIRED)
  public Optional<View> one(String name) {
    Projection projection = host.projections().get(name);
    return projection == null ? Optional.empty() : Optional.of(view(name));
  }

  private View view(String name) {
    return new View(name, checkpoints.find(name), checkpoints.lag(name), host.runner(name));
  }
}
