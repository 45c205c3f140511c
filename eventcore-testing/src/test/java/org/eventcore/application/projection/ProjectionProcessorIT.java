package org.eventcore.application.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.projection.Projection;
import org.eventcore.application.projection.ProjectionProcessor.Step;
import org.eventcore.infrastructure.persistence.jpa.JpaCheckpointStore;
import org.eventcore.infrastructure.persistence.jpa.JpaEventStore;
import org.eventcore.infrastructure.persistence.jpa.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The projection processor on PostgreSQL. The test read model is a table whose primary key is
 * (projection, event id): an event delivered twice would fail the batch, so "exactly once" is
 * checked by the database itself.
 */
class ProjectionProcessorIT {

  private final TestDatabase db = TestDatabase.shared();
  private final String prefix = "proj-" + UUID.randomUUID().toString().substring(0, 8) + "-";

  /**
   * Creates the checkpoint of {@code projection} at the current end of the feed, so that a test
   * projection does not first walk through every other test's events.
   */
  private String startingNow(String projection) {
    FeedCursor end = FeedCursor.START;
    while (true) {
      FeedCursor after = end;
      var page = db.inTransaction(store -> store.readFeed(after, 10_000));
      if (page.isEmpty()) {
        break;
      }
      end = page.next();
    }
    FeedCursor start = end;
    db.inTransactionWith(
        em ->
            em.createNativeQuery(
                    "insert into eventcore.projection_checkpoints (projection, cursor_transaction,"
                        + " cursor_position) values (?1, ?2, ?3)")
                .setParameter(1, projection)
                .setParameter(2, start.transaction())
                .setParameter(3, start.position())
                .executeUpdate());
    return projection;
  }

  @BeforeEach
  void readModel() {
    db.inTransactionWith(
        em ->
            em.createNativeQuery(
                    "create table if not exists public.projection_test_seen (projection text,"
                        + " event_id uuid, position bigint, primary key (projection, event_id))")
                .executeUpdate());
  }

  /** A read model in the same database, written through the transaction's entity manager. */
  private final class Recording implements Projection {
    private final String name;
    private final EntityManager em;
    private final EventId failOn;
    private final ErrorStrategy strategy;

    Recording(String name, EntityManager em, EventId failOn, ErrorStrategy strategy) {
      this.name = name;
      this.em = em;
      this.failOn = failOn;
      this.strategy = strategy;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> streamPrefixes() {
      return Set.of(prefix);
    }

    @Override
    public ErrorStrategy onError() {
      return strategy;
    }

    @Override
    public void handle(List<StoredEvent> events) {
      for (StoredEvent event : events) {
        if (event.id().equals(failOn)) {
          throw new IllegalStateException("cannot project " + event.type());
        }
        (em != null ? em : CURRENT.get())
            .createNativeQuery(
                "insert into public.projection_test_seen (projection, event_id, position) values (?1, ?2, ?3)")
            .setParameter(1, name)
            .setParameter(2, event.id().value())
            .setParameter(3, event.globalPosition())
            .executeUpdate();
      }
    }

    @Override
    public void reset() {
      (em != null ? em : CURRENT.get())
          .createNativeQuery("delete from public.projection_test_seen where projection = ?1")
          .setParameter(1, name)
          .executeUpdate();
    }
  }

  private Step step(
      String projection,
      String node,
      Duration lease,
      int batch,
      EventId failOn,
      Projection.ErrorStrategy strategy) {
    return db.inTransactionWith(
        em ->
            new ProjectionProcessor(new JpaEventStore(em), new JpaCheckpointStore(em), node, lease)
                .step(new Recording(projection, em, failOn, strategy), batch));
  }

  private Step step(String projection, int batch) {
    return step(
        projection, "node-a", Duration.ofSeconds(30), batch, null, Projection.ErrorStrategy.RETRY);
  }

  private List<EventId> appendEvents(int count) {
    List<EventId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StreamId stream = StreamId.of(prefix + (i % 3));
      NewEvent event = NewEvent.of("E" + i, "{}", EventMetadata.EMPTY);
      ids.add(event.id());
      db.inTransaction(
          store ->
              store.append(
                  List.of(new StreamWrite(stream, ExpectedVersion.any(), List.of(event)))));
    }
    return ids;
  }

  private List<EventId> seen(String projection) {
    return db.inTransactionWith(
        em -> {
          @SuppressWarnings("unchecked")
          List<Object> rows =
              em.createNativeQuery(
                      "select event_id from public.projection_test_seen where projection = ?1 order by position")
                  .setParameter(1, projection)
                  .getResultList();
          return rows.stream().map(r -> EventId.of((UUID) r)).toList();
        });
  }

  private void runToEnd(String projection, int batch) {
    while (!(step(projection, batch) instanceof Step.Idle)) {
      // keep going
    }
  }

  /**
   * The time of the lease passes: its end is set into the past, as an hour without renewal would —
   * the leases in these tests are an hour long, so nothing else can make one run out.
   */
  private void leaseRunsOut(String projection) {
    db.inTransactionWith(
        em ->
            em.createNativeQuery(
                    "update eventcore.projection_checkpoints"
                        + " set lease_expires_at = now() - interval '1 second' where projection = ?1")
                .setParameter(1, projection)
                .executeUpdate());
  }

  private Checkpoint checkpoint(String projection) {
    return db.inTransactionWith(em -> new JpaCheckpointStore(em).find(projection).orElseThrow());
  }

  @Test
  void everyEventReachesTheReadModelOnceInFeedOrderWhateverTheBatchSize() {
    int[] batches = {1, 7, 1000};
    for (int batch : batches) {
      startingNow(prefix + "batch-" + batch);
    }
    List<EventId> written = appendEvents(25);
    CheckpointStore.Lag before =
        db.inTransactionWith(em -> new JpaCheckpointStore(em).lag(prefix + "batch-1"));
    assertThat(before.events()).isEqualTo(25);
    for (int batch : batches) {
      String projection = prefix + "batch-" + batch;
      runToEnd(projection, batch);
      assertThat(seen(projection)).containsExactlyElementsOf(written);
      assertThat(checkpoint(projection).eventsProcessed()).isEqualTo(25);
      CheckpointStore.Lag after =
          db.inTransactionWith(em -> new JpaCheckpointStore(em).lag(projection));
      assertThat(after).isEqualTo(new CheckpointStore.Lag(0, 0));
    }
  }

  @Test
  void aCrashBetweenTheReadModelUpdateAndTheCheckpointLosesAndDuplicatesNothing() {
    String projection = startingNow(prefix + "crash");
    List<EventId> written = appendEvents(10);
    // the read model is updated, then the server "dies" before the checkpoint moves
    assertThatThrownBy(
            () ->
                db.inTransactionWith(
                    em -> {
                      CheckpointStore dying = new FailingAdvance(new JpaCheckpointStore(em));
                      return new ProjectionProcessor(
                              new JpaEventStore(em), dying, "node-a", Duration.ofSeconds(30))
                          .step(
                              new Recording(projection, em, null, Projection.ErrorStrategy.RETRY),
                              4);
                    }))
        .hasMessageContaining("died before the checkpoint");
    assertThat(seen(projection)).isEmpty();

    runToEnd(projection, 4);

    assertThat(seen(projection)).containsExactlyElementsOf(written);
  }

  /** Lets the read model change, then fails where the checkpoint would move. */
  private record FailingAdvance(CheckpointStore delegate) implements CheckpointStore {
    @Override
    public java.util.Optional<Checkpoint> claim(String projection, String node, Duration lease) {
      return delegate.claim(projection, node, lease);
    }

    @Override
    public void advance(String projection, FeedCursor cursor, long read, long handled) {
      throw new IllegalStateException("the server died before the checkpoint");
    }

    @Override
    public long startRebuild(String projection) {
      return delegate.startRebuild(projection);
    }

    @Override
    public void finishRebuild(String projection) {
      delegate.finishRebuild(projection);
    }

    @Override
    public void resume(String projection) {
      delegate.resume(projection);
    }

    @Override
    public void recordFailure(
        String projection, EventId event, FeedCursor cursor, String reason, boolean skip) {
      delegate.recordFailure(projection, event, cursor, reason, skip);
    }

    @Override
    public void release(String projection, String node) {
      delegate.release(projection, node);
    }

    @Override
    public java.util.Optional<Checkpoint> find(String projection) {
      return delegate.find(projection);
    }

    @Override
    public Lag lag(String projection) {
      return delegate.lag(projection);
    }
  }

  @Test
  void anEventWhoseTransactionCommitsLateIsStillProjected() {
    String projection = startingNow(prefix + "late");
    runToEnd(projection, 100);
    EntityManager late = null;
    NewEvent lateEvent = NewEvent.of("Late", "{}", EventMetadata.EMPTY);
    try {
      late = dbEntityManager();
      late.getTransaction().begin();
      new JpaEventStore(late)
          .append(
              List.of(
                  new StreamWrite(
                      StreamId.of(prefix + "late"), ExpectedVersion.any(), List.of(lateEvent))));
      List<EventId> early = appendEvents(2); // commits before the late one
      runToEnd(projection, 100);
      assertThat(seen(projection)).doesNotContain(early.get(0)).doesNotContain(lateEvent.id());

      late.getTransaction().commit();
      runToEnd(projection, 100);
      assertThat(seen(projection)).containsExactly(lateEvent.id(), early.get(0), early.get(1));
    } finally {
      if (late != null) {
        if (late.getTransaction().isActive()) {
          late.getTransaction().rollback();
        }
        late.close();
      }
    }
  }

  private EntityManager dbEntityManager() {
    return db.inTransactionWith(em -> em.getEntityManagerFactory()).createEntityManager();
  }

  @Test
  void exactlyOneNodeRunsAProjectionAndAnotherTakesOverWhenItsLeaseExpires() throws Exception {
    String projection = startingNow(prefix + "lease");
    List<EventId> written = appendEvents(6);
    Duration lease = Duration.ofHours(1);

    assertThat(step(projection, "node-a", lease, 2, null, Projection.ErrorStrategy.RETRY))
        .isInstanceOf(Step.Advanced.class);
    assertThat(step(projection, "node-b", lease, 2, null, Projection.ErrorStrategy.RETRY))
        .isInstanceOf(Step.NotOwner.class);
    assertThat(checkpoint(projection).owner()).contains("node-a");

    leaseRunsOut(projection); // node-a stops renewing

    runToEndAs(projection, "node-b", lease);
    assertThat(checkpoint(projection).owner()).contains("node-b");
    assertThat(seen(projection)).containsExactlyElementsOf(written);
    assertThat(step(projection, "node-a", lease, 2, null, Projection.ErrorStrategy.RETRY))
        .isInstanceOf(Step.NotOwner.class);
  }

  private void runToEndAs(String projection, String node, Duration lease) {
    while (!(step(projection, node, lease, 2, null, Projection.ErrorStrategy.RETRY)
        instanceof Step.Idle)) {
      // keep going
    }
  }

  @Test
  void twoCompetingRunnersShareTheWorkOnlyByTakingOver() throws Exception {
    String projection = startingNow(prefix + "compete");
    List<EventId> written = appendEvents(8);
    Duration lease = Duration.ofHours(1);
    ProjectionRunner a = runner(projection, "node-a", lease, null, Projection.ErrorStrategy.RETRY);
    ProjectionRunner b = runner(projection, "node-b", lease, null, Projection.ErrorStrategy.RETRY);

    a.runOnce();
    b.runOnce();
    assertThat(checkpoint(projection).owner()).contains("node-a");
    assertThat(seen(projection)).containsExactlyElementsOf(written);

    List<EventId> more = appendEvents(4);
    b.runOnce(); // node-a still holds the lease
    assertThat(seen(projection)).hasSize(8);

    leaseRunsOut(projection); // node-a has stopped
    b.runOnce();
    assertThat(checkpoint(projection).owner()).contains("node-b");
    List<EventId> all = new ArrayList<>(written);
    all.addAll(more);
    assertThat(seen(projection)).containsExactlyElementsOf(all);

    b.release(); // a clean stop hands over at once
    a.runOnce();
    assertThat(checkpoint(projection).owner()).contains("node-a");
  }

  @Test
  void skipRecordsTheFailingEventAndGoesOn() {
    String projection = startingNow(prefix + "skip");
    List<EventId> written = appendEvents(5);
    EventId poison = written.get(2);
    runWithStrategy(projection, poison, Projection.ErrorStrategy.SKIP);

    assertThat(seen(projection))
        .containsExactly(written.get(0), written.get(1), written.get(3), written.get(4));
    Checkpoint checkpoint = checkpoint(projection);
    assertThat(checkpoint.stopped()).isFalse();
    assertThat(checkpoint.failure())
        .hasValueSatisfying(
            f -> assertThat(f).startsWith(poison.toString()).contains("cannot project E2"));
  }

  @Test
  void stopRecordsTheFailingEventAndStopsUntilAnOperatorActs() {
    String projection = startingNow(prefix + "stop");
    List<EventId> written = appendEvents(5);
    EventId poison = written.get(2);
    runWithStrategy(projection, poison, Projection.ErrorStrategy.STOP);

    assertThat(seen(projection)).containsExactly(written.get(0), written.get(1));
    assertThat(checkpoint(projection).stopped()).isTrue();
    assertThat(
            step(
                projection,
                "node-a",
                Duration.ofSeconds(30),
                10,
                poison,
                Projection.ErrorStrategy.STOP))
        .isInstanceOf(Step.Stopped.class);

    // the operator fixes the cause and resumes: the failed event is tried again, then the rest
    db.inTransactionWith(
        em -> {
          new ProjectionProcessor(
                  new JpaEventStore(em),
                  new JpaCheckpointStore(em),
                  "node-a",
                  Duration.ofSeconds(30))
              .resume(new Recording(projection, em, null, Projection.ErrorStrategy.STOP));
          return null;
        });
    runToEnd(projection, 10);
    assertThat(seen(projection)).containsExactlyElementsOf(written);
    assertThat(checkpoint(projection).stopped()).isFalse();
  }

  @Test
  void aRebuildResetsTheReadModelAndReplaysTheWholeFeedReportingProgress() {
    String projection = startingNow(prefix + "rebuild");
    List<EventId> written = appendEvents(12);
    runToEnd(projection, 5);
    assertThat(seen(projection)).containsExactlyElementsOf(written);
    assertThat(checkpoint(projection).rebuild()).isEmpty();

    long total =
        db.inTransactionWith(
            em ->
                new ProjectionProcessor(
                        new JpaEventStore(em),
                        new JpaCheckpointStore(em),
                        "node-a",
                        Duration.ofSeconds(30))
                    .rebuild(new Recording(projection, em, null, Projection.ErrorStrategy.RETRY)));

    assertThat(seen(projection)).isEmpty();
    Checkpoint reset = checkpoint(projection);
    assertThat(reset.cursor()).isEqualTo(FeedCursor.START);
    assertThat(reset.eventsProcessed()).isZero();
    long feedSize = feedSize();
    assertThat(total).isEqualTo(feedSize).isGreaterThanOrEqualTo(12);
    assertThat(reset.rebuild())
        .hasValueSatisfying(
            r -> {
              assertThat(r.total()).isEqualTo(total);
              assertThat(r.processed()).isZero();
              assertThat(r.finished()).isFalse();
              assertThat(r.eta(java.time.Instant.now())).isEmpty();
            });

    List<Long> progress = new ArrayList<>();
    Step step;
    while (!((step = step(projection, 1000)) instanceof Step.RebuildFinished)) {
      assertThat(step).isInstanceOf(Step.Advanced.class);
      progress.add(((Step.Advanced) step).rebuild().orElseThrow().processed());
    }
    RebuildProgress finished = ((Step.RebuildFinished) step).rebuild();
    assertThat(progress).isSorted().last().isEqualTo(total);
    assertThat(finished.processed()).isEqualTo(total);
    assertThat(step(projection, 1000)).isInstanceOf(Step.Idle.class);
    assertThat(checkpoint(projection).rebuild())
        .hasValueSatisfying(
            r -> {
              assertThat(r.finished()).isTrue();
              assertThat(r.percent()).isEqualTo(100.0);
              assertThat(r.processed()).isEqualTo(total);
            });
    assertThat(seen(projection)).containsExactlyElementsOf(written);
    assertThat(checkpoint(projection).eventsProcessed()).isEqualTo(12);
  }

  private long feedSize() {
    long size = 0;
    FeedCursor cursor = FeedCursor.START;
    while (true) {
      FeedCursor after = cursor;
      var page = db.inTransaction(store -> store.readFeed(after, 10_000));
      if (page.isEmpty()) {
        return size;
      }
      size += page.events().size();
      cursor = page.next();
    }
  }

  @Test
  void retryStaysOnTheFailingBatchWithoutMovingTheCheckpoint() {
    String projection = startingNow(prefix + "retry");
    List<EventId> written = appendEvents(3);
    EventId poison = written.get(1);
    Duration lease = Duration.ofSeconds(30);
    RuntimeException failure = null;
    for (int guard = 0; guard < 1000 && failure == null; guard++) {
      try {
        step(projection, "node-a", lease, 10, poison, Projection.ErrorStrategy.RETRY);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    assertThat(failure).hasMessageContaining("cannot project E1");
    FeedCursor stuckAt = checkpoint(projection).cursor();
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThatThrownBy(
              () -> step(projection, "node-a", lease, 10, poison, Projection.ErrorStrategy.RETRY))
          .hasMessageContaining("cannot project E1");
      assertThat(checkpoint(projection).cursor()).isEqualTo(stuckAt);
    }
    assertThat(seen(projection)).doesNotContain(poison);

    runToEnd(projection, 10); // the cause is fixed: the same batch goes through
    assertThat(seen(projection)).containsExactlyElementsOf(written);
  }

  /**
   * The entity manager of the transaction the runner is in (the test projection writes with it).
   */
  private static final ThreadLocal<EntityManager> CURRENT = new ThreadLocal<>();

  /** The production runner, one transaction per step. */
  private ProjectionRunner runner(
      String projection,
      String node,
      Duration lease,
      EventId poison,
      Projection.ErrorStrategy strategy) {
    Transactions transactions =
        new Transactions() {
          @Override
          public <T> T inNewTransaction(java.util.function.Supplier<T> work) {
            return db.inTransactionWith(
                em -> {
                  CURRENT.set(em);
                  try {
                    return work.get();
                  } finally {
                    CURRENT.remove();
                  }
                });
          }
        };
    return new ProjectionRunner(
        new Recording(projection, null, poison, strategy),
        transactions,
        p ->
            new ProjectionProcessor(
                new JpaEventStore(CURRENT.get()),
                new JpaCheckpointStore(CURRENT.get()),
                node,
                lease),
        new ProjectionRunner.Settings(10, Duration.ofMillis(10), Duration.ofMillis(50), 1000));
  }

  private void runWithStrategy(
      String projection, EventId poison, Projection.ErrorStrategy strategy) {
    ProjectionRunner runner =
        runner(projection, "node-a", Duration.ofSeconds(30), poison, strategy);
    for (int round = 0; round < 5; round++) {
      runner.runOnce();
    }
  }
}
