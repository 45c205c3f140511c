package org.eventcore.infrastructure.idempotency;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eventcore.infrastructure.persistence.EventCoreDataSource;

/**
 * Removes idempotency keys older than {@code eventcore.idempotency.retention-seconds} (default 24
 * hours): every {@code eventcore.idempotency.cleanup-interval-seconds} (default 60 s) it deletes
 * them in batches of {@value #BATCH}, each batch a statement of its own (short locks; rows another
 * server is deleting at the same moment are skipped), and then counts the keys left.
 *
 * <p>A key younger than the retention always replays its first result; an older one may be gone,
 * and a request with it then runs as a new command — clients retry within the retention, not after
 * it. A key whose command is still running is never removed (its row is not committed yet).
 *
 * <p>Metrics: {@code eventcore_idempotency_keys}, the number of keys stored, as of the last run (−1
 * before the first), and {@code eventcore_idempotency_keys_removed_total}.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrationOnStartup")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IdempotencyKeyRetention {

  private static final Logger LOG = Logger.getLogger(IdempotencyKeyRetention.class.getName());

  /** Keys deleted per statement. */
  static final int BATCH = 1000;

  private static final String DELETE_EXPIRED =
      "delete from eventcore.command_results where idempotency_key in ("
          + " select idempotency_key from eventcore.command_results"
          + " where created_at < now() - make_interval(secs => ?)"
          + " limit "
          + BATCH
          + " for update skip locked)";

  @Resource TimerService timers;

  @Resource(lookup = EventCoreDataSource.JNDI_NAME)
  DataSource dataSource;

  @Inject MetricRegistry metrics;

  @Inject
  @ConfigProperty(name = "eventcore.idempotency.retention-seconds", defaultValue = "86400")
  long retentionSeconds;

  @Inject
  @ConfigProperty(name = "eventcore.idempotency.cleanup-interval-seconds", defaultValue = "60")
  long intervalSeconds;

  private final AtomicLong stored = new AtomicLong(-1);

  @PostConstruct
  void start() {
    if (retentionSeconds < 1 || intervalSeconds < 1) {
      throw new IllegalStateException(
          "eventcore.idempotency.retention-seconds and …cleanup-interval-seconds must be at least"
              + " 1, were "
              + retentionSeconds
              + " and "
              + intervalSeconds);
    }
    metrics.gauge("eventcore.idempotency.keys", stored, AtomicLong::get);
    metrics.counter("eventcore.idempotency.keys.removed");
    long interval = TimeUnit.SECONDS.toMillis(intervalSeconds);
    timers.createIntervalTimer(
        Math.min(interval, 1000), interval, new TimerConfig("idempotency-key-retention", false));
    LOG.info(
        () ->
            "Idempotency keys are kept for "
                + retentionSeconds
                + " s, removed every "
                + intervalSeconds
                + " s");
  }

  /** One run: deletes every expired key, batch by batch, then counts the keys left. */
  @Timeout
  void removeExpired() {
    try (Connection connection = dataSource.getConnection()) {
      long removed = 0;
      int deleted;
      try (PreparedStatement delete = connection.prepareStatement(DELETE_EXPIRED)) {
        delete.setLong(1, retentionSeconds);
        do {
          deleted = delete.executeUpdate();
          removed += deleted;
        } while (deleted == BATCH);
      }
      if (removed > 0) {
        metrics.counter("eventcore.idempotency.keys.removed").inc(removed);
        long count = removed;
        LOG.fine(() -> "Removed " + count + " expired idempotency keys");
      }
      try (Statement count = connection.createStatement();
          ResultSet rows = count.executeQuery("select count(*) from eventcore.command_results")) {
        rows.next();
        stored.set(rows.getLong(1));
      }
    } catch (SQLException | RuntimeException e) {
      // the next run tries again; an unreachable database is reported by readiness
      LOG.log(Level.WARNING, "Could not remove expired idempotency keys: {0}", e.getMessage());
    }
  }

  /** The number of stored keys as of the last run, or −1 before the first. */
  public long storedKeys() {
    return stored.get();
  }
}
