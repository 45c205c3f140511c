package org.eventcore.infrastructure.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eventcore.api.EventStore;

/**
 * Ready while the global feed's horizon — the oldest transaction still running — is younger than
 * {@code eventcore.health.feed-horizon.max-age-seconds} (default 60): an older one holds back every
 * feed reader and projection.
 */
@Readiness
@ApplicationScoped
public class FeedHorizonReadinessCheck implements HealthCheck {

  static final String NAME = "eventcore-feed-horizon";

  @Inject EventStore eventStore;

  @Inject
  @ConfigProperty(name = "eventcore.health.feed-horizon.max-age-seconds", defaultValue = "60")
  long maxAgeSeconds;

  @Override
  public HealthCheckResponse call() {
    try {
      Duration age = eventStore.oldestRunningTransactionAge();
      return HealthCheckResponse.named(NAME)
          .status(age.toSeconds() < maxAgeSeconds)
          .withData("oldestTransactionAgeSeconds", age.toSeconds())
          .withData("maxAgeSeconds", maxAgeSeconds)
          .build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named(NAME)
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
