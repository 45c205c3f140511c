package org.eventcore.infrastructure.persistence.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eventcore.api.EventId;
import org.eventcore.api.FeedCursor;
import org.eventcore.application.projection.Checkpoint;
import org.eventcore.application.projection.CheckpointStore;
import org.eventcore.application.projection.RebuildProgress;

/**
 * {@link CheckpointStore} in {@code eventcore.projection_checkpoints}. The claim locks the row with
 * {@code for update skip locked}: a node finds a projection that another node is processing busy at
 * once, without waiting for that batch.
 */
@ApplicationScoped
public class JpaCheckpointStore implements CheckpointStore {

  private static final int DEFAULT_EXACT_LAG_LIMIT = 10_000;

  @PersistenceContext(unitName = "eventcore")
  private EntityManager entityManager;

  private int exactLagLimit = DEFAULT_EXACT_LAG_LIMIT;

  protected JpaCheckpointStore() {}

  public JpaCheckpointStore(EntityManager entityManager) {
    this(entityManager, DEFAULT_EXACT_LAG_LIMIT);
  }

  /**
   * @param exactLagLimit up to how many events {@link #lag} counts exactly before it estimates
   */
  public JpaCheckpointStore(EntityManager entityManager, int exactLagLimit) {
    this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
    if (exactLagLimit < 1) {
      throw new IllegalArgumentException("The exact lag limit must be positive");
    }
    this.exactLagLimit = exactLagLimit;
  }

  @Override
  public Optional<Checkpoint> claim(String projection, String node, Duration lease) {
    try {
      entityManager
          .createNativeQuery(
              "insert into eventcore.projection_checkpoints (projection) values (?1)"
                  + " on conflict do nothing")
          .setParameter(1, projection)
          .executeUpdate();
      @SuppressWarnings("unchecked")
      List<Object[]> rows =
          entityManager
              .createNativeQuery(
                  "select owner, coalesce(lease_expires_at < now(), true) from"
                      + " eventcore.projection_checkpoints where projection = ?1"
                      + " for update skip locked")
              .setParameter(1, projection)
              .getResultList();
      if (rows.isEmpty()) {
        return Optional.empty();
      }
      String owner = (String) rows.get(0)[0];
      boolean expired = (Boolean) rows.get(0)[1];
      if (owner != null && !owner.equals(node) && !expired) {
        return Optional.empty();
      }
      entityManager
          .createNativeQuery(
              "update eventcore.projection_checkpoints set owner = ?1,"
                  + " lease_expires_at = now() + make_interval(secs => ?2) where projection = ?3")
          .setParameter(1, node)
          .setParameter(2, lease.toMillis() / 1000.0)
          .setParameter(3, projection)
          .executeUpdate();
      return find(projection);
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }

  @Override
  public void advance(String projection, FeedCursor cursor, long read, long handled) {
    update(
        "update eventcore.projection_checkpoints set cursor_transaction = ?1, cursor_position = ?2,"
            + " events_read = events_read + ?3, events_processed = events_processed + ?4,"
            + " updated_at = now() where projection = ?5",
        cursor.transaction(),
        cursor.position(),
        read,
        handled,
        projection);
  }

  @Override
  public long startRebuild(String projection) {
    try {
      entityManager
          .createNativeQuery(
              "insert into eventcore.projection_checkpoints (projection) values (?1)"
                  + " on conflict do nothing")
          .setParameter(1, projection)
          .executeUpdate();
      entityManager
          .createNativeQuery(
              "select projection from eventcore.projection_checkpoints where projection = ?1"
                  + " for update")
          .setParameter(1, projection)
          .getResultList();
      long total = countFeedAfter(FeedCursor.START);
      update(
          "update eventcore.projection_checkpoints set cursor_transaction = 0, cursor_position = 0,"
              + " events_read = 0, events_processed = 0, status = 'RUNNING', failed_event_id = null,"
              + " failure = null, rebuild_started_at = clock_timestamp(), rebuild_total = ?1,"
              + " rebuild_finished_at = null, updated_at = now() where projection = ?2",
          total,
          projection);
      return total;
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }

  @Override
  public void finishRebuild(String projection) {
    update(
        "update eventcore.projection_checkpoints set rebuild_finished_at = clock_timestamp()"
            + " where projection = ?1 and rebuild_started_at is not null"
            + " and rebuild_finished_at is null",
        projection);
  }

  @Override
  public void resume(String projection) {
    update(
        "update eventcore.projection_checkpoints set status = 'RUNNING', updated_at = now()"
            + " where projection = ?1",
        projection);
  }

  /** Feed events after {@code cursor}, up to the horizon. */
  private long countFeedAfter(FeedCursor cursor) {
    Object count =
        entityManager
            .createNativeQuery(
                "select count(*) from eventcore.events e where (e.transaction_id, e.global_position)"
                    + " > (cast(cast(?1 as text) as xid8), ?2) and e.transaction_id <"
                    + " pg_snapshot_xmin(pg_current_snapshot())")
            .setParameter(1, cursor.transaction())
            .setParameter(2, cursor.position())
            .getSingleResult();
    return ((Number) count).longValue();
  }

  @Override
  public void recordFailure(
      String projection, EventId event, FeedCursor cursorOfEvent, String reason, boolean skip) {
    if (skip) {
      update(
          "update eventcore.projection_checkpoints set cursor_transaction = ?1, cursor_position = ?2,"
              + " events_read = events_read + 1, failed_event_id = ?3, failure = ?4,"
              + " updated_at = now() where projection = ?5",
          cursorOfEvent.transaction(),
          cursorOfEvent.position(),
          event.value(),
          reason,
          projection);
    } else {
      update(
          "update eventcore.projection_checkpoints set status = 'STOPPED', failed_event_id = ?1,"
              + " failure = ?2, updated_at = now() where projection = ?3",
          event.value(),
          reason,
          projection);
    }
  }

  @Override
  public void release(String projection, String node) {
    update(
        "update eventcore.projection_checkpoints set owner = null, lease_expires_at = null"
            + " where projection = ?1 and owner = ?2",
        projection,
        node);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The events behind are counted exactly up to {@link #exactLagLimit} (10,000 unless
   * constructed otherwise) by walking the feed index from the checkpoint; beyond that the count is
   * estimated from global positions (the newest below the horizon minus the checkpoint's), an upper
   * bound since rolled-back appends leave gaps. So a metrics scrape or readiness probe costs the
   * same small index walk however far behind a projection is, even on a store of millions of
   * events. The age is that of the oldest of the events walked.
   */
  @Override
  public Lag lag(String projection) {
    try {
      Object[] row =
          (Object[])
              entityManager
                  .createNativeQuery(
                      "with checkpoint as (select coalesce((select cursor_transaction from"
                          + " eventcore.projection_checkpoints where projection = ?1), 0)::text::xid8"
                          + " as tx, coalesce((select cursor_position from"
                          + " eventcore.projection_checkpoints where projection = ?1), 0) as pos),"
                          + " horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),"
                          + " behind as (select e.recorded_at from eventcore.events e, checkpoint c,"
                          + " horizon h where (e.transaction_id, e.global_position) > (c.tx, c.pos)"
                          + " and e.transaction_id < h.xmin"
                          + " order by e.transaction_id, e.global_position limit ?2)"
                          + " select (select count(*) from behind),"
                          + " coalesce(floor(extract(epoch from now() - (select min(recorded_at)"
                          + " from behind))), 0),"
                          + " (select coalesce(max(e.global_position), 0) from eventcore.events e,"
                          + " horizon h where e.transaction_id < h.xmin)"
                          + " - (select pos from checkpoint)")
                  .setParameter(1, projection)
                  .setParameter(2, exactLagLimit)
                  .getSingleResult();
      long counted = ((Number) row[0]).longValue();
      long seconds = ((Number) row[1]).longValue();
      long events =
          counted < exactLagLimit ? counted : Math.max(counted, ((Number) row[2]).longValue());
      return new Lag(events, seconds);
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }

  @Override
  public Optional<Checkpoint> find(String projection) {
    try {
      @SuppressWarnings("unchecked")
      List<Object[]> rows =
          entityManager
              .createNativeQuery(
                  "select cursor_transaction, cursor_position, events_processed, events_read,"
                      + " owner, status, failed_event_id::text, failure, rebuild_started_at,"
                      + " rebuild_total, rebuild_finished_at"
                      + " from eventcore.projection_checkpoints where projection = ?1")
              .setParameter(1, projection)
              .getResultList();
      if (rows.isEmpty()) {
        return Optional.empty();
      }
      Object[] row = rows.get(0);
      Optional<String> failure =
          row[6] == null ? Optional.empty() : Optional.of(row[6] + ": " + row[7]);
      long read = ((Number) row[3]).longValue();
      Optional<RebuildProgress> rebuild =
          row[8] == null
              ? Optional.empty()
              : Optional.of(
                  new RebuildProgress(
                      instant(row[8]),
                      ((Number) row[9]).longValue(),
                      read,
                      Optional.ofNullable(row[10]).map(JpaCheckpointStore::instant)));
      return Optional.of(
          new Checkpoint(
              projection,
              new FeedCursor(((Number) row[0]).longValue(), ((Number) row[1]).longValue()),
              ((Number) row[2]).longValue(),
              read,
              Optional.ofNullable((String) row[4]),
              "STOPPED".equals(row[5]),
              failure,
              rebuild));
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }

  private static Instant instant(Object timestamp) {
    if (timestamp instanceof Instant instant) {
      return instant;
    }
    if (timestamp instanceof java.time.OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (timestamp instanceof java.sql.Timestamp sql) {
      return sql.toInstant();
    }
    throw new IllegalStateException("unexpected timestamp type " + timestamp.getClass());
  }

  private void update(String sql, Object... parameters) {
    try {
      var query = entityManager.createNativeQuery(sql);
      for (int i = 0; i < parameters.length; i++) {
        query.setParameter(i + 1, parameters[i]);
      }
      query.executeUpdate();
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }
}
