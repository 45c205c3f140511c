package org.eventcore.infrastructure.startup;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eventcore.api.EventStore;

/**
 * Registers the gauges that are read from the database at each scrape:
 *
 * <ul>
 *   <li>{@code eventcore_feed_horizon_age_seconds}, the age of the oldest running transaction,
 *       which holds back every feed reader;
 *   <li>{@code eventcore_ready}: 1 when every MicroProfile Health readiness check of the
 *       application is UP (what {@code /health/ready} on the management port answers), else 0 — so
 *       that Prometheus, which cannot read the management port's health JSON, can alert on
 *       readiness (the alert {@code EventCoreNotReady} in {@code monitoring/}; ADR 0015). Each
 *       scrape runs the checks once (a database query of at most 2 s among them).
 * </ul>
 */
@Startup
@Singleton
public class OperationsMetricsOnStartup {

  @Inject MetricRegistry metrics;
  @Inject EventStore eventStore;
  @Inject @Readiness Instance<HealthCheck> readinessChecks;

  @PostConstruct
  void register() {
    metrics.gauge(
        "eventcore.feed.horizon.age.seconds",
        eventStore,
        store -> store.oldestRunningTransactionAge().toMillis() / 1000.0);
    metrics.gauge(
        Metadata.builder()
            .withName("eventcore.ready")
            .withDescription(
                "1 when every readiness check of the application is UP (as /health/ready), else 0")
            .build(),
        readinessChecks,
        OperationsMetricsOnStartup::ready);
  }

  private static Double ready(Instance<HealthCheck> checks) {
    for (HealthCheck check : checks) {
      try {
        if (check.call().getStatus() != HealthCheckResponse.Status.UP) {
          return 0.0;
        }
      } catch (RuntimeException failed) {
        return 0.0;
      }
    }
    return 1.0;
  }
}
