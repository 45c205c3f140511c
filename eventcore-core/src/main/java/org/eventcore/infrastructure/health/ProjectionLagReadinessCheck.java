package org.eventcore.infrastructure.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eventcore.api.projection.Projection;
import org.eventcore.api.projection.TypedProjection;
import org.eventcore.application.projection.Checkpoint;
import org.eventcore.application.projection.CheckpointStore;
import org.eventcore.application.projection.RebuildProgress;
import org.eventcore.infrastructure.persistence.jpa.JpaCheckpointStore;

/**
 * Ready while no projection is stopped and none is more than {@code
 * eventcore.health.projection-lag.max-seconds} (default 300) behind the feed, except while it is
 * being rebuilt; reports each one's lag and rebuild progress.
 */
@Readiness
@ApplicationScoped
public class ProjectionLagReadinessCheck implements HealthCheck {

  @Inject @Any Instance<Projection> projections;
  @Inject @Any Instance<TypedProjection<?>> typedProjections;
  @Inject JpaCheckpointStore checkpoints;

  @Inject
  @ConfigProperty(name = "eventcore.health.projection-lag.max-seconds", defaultValue = "300")
  long maxSeconds;

  @Inject
  @ConfigProperty(name = "eventcore.projection.enabled", defaultValue = "true")
  boolean enabled;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("eventcore-projections").up();
    if (!enabled) {
      return response.withData("projections", "not run on this server").build();
    }
    try {
      List<String> names =
          Stream.concat(
                  projections.stream().map(Projection::name),
                  typedProjections.stream().map(TypedProjection::name))
              .distinct()
              .toList();
      for (String name : names) {
        CheckpointStore.Lag lag = checkpoints.lag(name);
        Optional<Checkpoint> checkpoint = checkpoints.find(name);
        boolean stopped = checkpoint.map(Checkpoint::stopped).orElse(false);
        Optional<RebuildProgress> rebuild =
            checkpoint.flatMap(Checkpoint::rebuild).filter(r -> !r.finished());
        response.withData(
            name,
            (stopped ? "STOPPED, " : "")
                + rebuild.map(r -> String.format("REBUILDING %.1f %%, ", r.percent())).orElse("")
                + lag.events()
                + " events / "
                + lag.seconds()
                + " s behind");
        // a rebuild is behind by design: the service stays ready, /api/v1/projections shows it
        if (stopped || (rebuild.isEmpty() && lag.seconds() > maxSeconds)) {
          response.down();
        }
      }
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("eventcore-projections")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
    return response.build();
  }
}
