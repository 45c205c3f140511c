package org.eventcore.infrastructure.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the JVM has heap to work with. Deliberately independent of the database: a restart
 * does not bring a database back, so an unreachable database makes the service unready, not dead.
 */
@Liveness
@ApplicationScoped
public class ServiceLivenessCheck implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    Runtime runtime = Runtime.getRuntime();
    long used = runtime.totalMemory() - runtime.freeMemory();
    double usedRatio = (double) used / runtime.maxMemory();
    return HealthCheckResponse.named("eventcore-service")
        .status(usedRatio < 0.98)
        .withData("heapUsedPercent", Math.round(usedRatio * 100))
        .withData("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
        .build();
  }
}
