package org.eventcore.infrastructure.startup;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eventcore.api.EventStore;

/**
 * Registers the gauges that are read from the database at each scrape: {@code
 * eventcore_feed_horizon_age_seconds}, the age of the oldest running transaction, which holds back
 * every feed reader.
 */
@Startup
@Singleton
public class OperationsMetricsOnStartup {

  @Inject MetricRegistry metrics;
  @Inject EventStore eventStore;

  @PostConstruct
  void register() {
    metrics.gauge(
        "eventcore.feed.horizon.age.seconds",
        eventStore,
        store -> store.oldestRunningTransactionAge().toMillis() / 1000.0);
  }
}
