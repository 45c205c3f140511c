package org.eventcore.application.command.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.command.BusinessRuleViolationException;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.EventCodec;
import org.eventcore.application.command.CommandProcessor;
import org.eventcore.application.command.CommandResult;
import org.eventcore.application.command.state.Ledger.Books;
import org.eventcore.application.command.state.Ledger.Credited;
import org.eventcore.application.command.state.Ledger.Debited;
import org.eventcore.application.command.state.Ledger.Deposit;
import org.eventcore.application.command.state.Ledger.Deposited;
import org.eventcore.application.command.state.Ledger.Entry;
import org.eventcore.application.command.state.Ledger.Move;
import org.eventcore.infrastructure.json.JsonbEventCodecs;
import org.eventcore.infrastructure.json.JsonbStateCodec;
import org.eventcore.infrastructure.persistence.jpa.JpaEventStore;
import org.eventcore.infrastructure.persistence.jpa.JpaSnapshotStore;
import org.eventcore.infrastructure.persistence.jpa.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, point 4: the state cache and the snapshots are never wrong, on a real PostgreSQL. Every
 * state a command decides on is compared with a full rebuild from the store.
 */
class CommandStateReuseIT {

  private final TestDatabase db = TestDatabase.shared();
  private final JsonbEventCodecs codecs = new JsonbEventCodecs();
  private final EventCodec<Entry> codec = codecs.codecFor(Entry.class);
  private final CountingListener listener = new CountingListener();
  private final String prefix = "reuse-" + UUID.randomUUID().toString().substring(0, 8) + "-";

  private CommandStates states(
      int cacheEntries, long snapshotEvery, java.util.concurrent.Executor executor) {
    return new CommandStates(
        new CommandStates.Settings(cacheEntries, true, snapshotEvery, 4),
        new JsonbStateCodec(),
        snapshot ->
            db.inTransactionWith(
                em -> {
                  new JpaSnapshotStore(em).save(snapshot);
                  return null;
                }),
        executor,
        listener);
  }

  /** One command through the processor, each attempt in its own transaction, conflicts retried. */
  private CommandResult run(Command<?, Entry> command, CommandStates states) {
    for (int attempt = 1; ; attempt++) {
      try {
        return db.inTransactionWith(
            em ->
                new CommandProcessor(
                        new JpaEventStore(em), codecs, 10, states, new JpaSnapshotStore(em))
                    .process(command, EventMetadata.EMPTY));
      } catch (StreamVersionConflictException conflict) {
        if (attempt >= 200) {
          throw conflict;
        }
      }
    }
  }

  private NewEvent entry(Entry event) {
    return NewEvent.of(event.getClass().getSimpleName(), codec.encode(event), EventMetadata.EMPTY);
  }

  /** Appends directly to the store, as another server would, in one transaction. */
  private void appendDirectly(StreamWrite... writes) {
    db.inTransaction(store -> store.append(List.of(writes)));
  }

  private Books rebuildUpTo(Books books, List<StreamId> streams) {
    return db.inTransaction(store -> Ledger.rebuildUpTo(books, streams, store, codec));
  }

  private Books rebuildAll(List<StreamId> streams) {
    return db.inTransaction(
        store -> Ledger.rebuild(new Deposit(streams.get(0), 1), streams, store, codec));
  }

  @Test
  void everyReusedStateEqualsAFullRebuildWhileOtherServersAppendToTheSameStreams()
      throws Exception {
    List<StreamId> accounts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      accounts.add(StreamId.of(prefix + "account-" + i));
    }
    long initial = 0;
    for (StreamId account : accounts) {
      appendDirectly(
          new StreamWrite(account, ExpectedVersion.noStream(), List.of(entry(new Deposited(500)))));
      initial += 500;
    }
    ExecutorService snapshotWriter = Executors.newSingleThreadExecutor();
    CommandStates states = states(1_000, 5, snapshotWriter);
    AtomicLong depositedByCommands = new AtomicLong();
    AtomicLong depositedDirectly = new AtomicLong();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    Queue<MoveDone> moves = new ConcurrentLinkedQueue<>();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean commandsDone = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);

    int workers = 3;
    int commandsPerWorker = 40;
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      SplittableRandom random = new SplittableRandom(42 + w);
      int worker = w;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < commandsPerWorker; i++) {
                    if (worker == 0 && i % 15 == 14) {
                      states.cache().clear(); // a restart: the next states come from snapshots
                    }
                    if (random.nextInt(5) == 0) {
                      StreamId account = accounts.get(random.nextInt(accounts.size()));
                      Deposit deposit = new Deposit(account, 1 + random.nextInt(20));
                      CommandResult result = run(deposit, states);
                      depositedByCommands.addAndGet(deposit.amount());
                      checkDecision(deposit.seen().get(), List.of(account), result);
                    } else {
                      int from = random.nextInt(accounts.size());
                      int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
                      List<StreamId> pair = List.of(accounts.get(from), accounts.get(to));
                      Move move = new Move(pair.get(0), pair.get(1), 1 + random.nextInt(200));
                      try {
                        CommandResult result = run(move, states);
                        checkDecision(move.seen().get(), pair, result);
                        moves.add(
                            new MoveDone(
                                move.from(),
                                result.streamVersions().get(move.from()).value(),
                                move.amount()));
                      } catch (BusinessRuleViolationException insufficient) {
                        rejected.incrementAndGet();
                        Books seen = move.seen().get();
                        assertThat(seen).isEqualTo(rebuildUpTo(seen, pair));
                      }
                      checkCached(states, pair);
                    }
                    succeeded.incrementAndGet();
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              },
              "command-" + w));
    }
    for (int w = 0; w < 2; w++) {
      SplittableRandom random = new SplittableRandom(4242 + w);
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < 150 && !commandsDone.get(); i++) {
                    StreamId a = accounts.get(random.nextInt(accounts.size()));
                    if (random.nextBoolean()) {
                      long amount = 1 + random.nextInt(10);
                      appendDirectly(
                          new StreamWrite(
                              a, ExpectedVersion.any(), List.of(entry(new Deposited(amount)))));
                      depositedDirectly.addAndGet(amount);
                    } else {
                      StreamId b = accounts.get((accounts.indexOf(a) + 1) % accounts.size());
                      long amount = 1 + random.nextInt(10);
                      appendDirectly(
                          new StreamWrite(
                              a,
                              ExpectedVersion.any(),
                              List.of(entry(new Debited(amount, b.value())))),
                          new StreamWrite(
                              b,
                              ExpectedVersion.any(),
                              List.of(entry(new Credited(amount, a.value())))));
                    }
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              },
              "other-server-" + w));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads.subList(0, workers)) {
      thread.join(TimeUnit.MINUTES.toMillis(5));
    }
    commandsDone.set(true);
    for (Thread thread : threads) {
      thread.join(TimeUnit.MINUTES.toMillis(1));
    }
    snapshotWriter.shutdown();
    assertThat(snapshotWriter.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

    assertThat(failures).isEmpty();
    assertThat(succeeded.get()).isEqualTo(workers * commandsPerWorker);
    Books end = rebuildAll(accounts);
    assertThat(end.total())
        .as("money is conserved: only deposits change the total")
        .isEqualTo(initial + depositedByCommands.get() + depositedDirectly.get());
    assertThat(moves).as("some transfers went through").isNotEmpty();
    for (MoveDone move : moves) {
      Books before =
          rebuildUpTo(
              new Books(Map.of(move.from(), new Ledger.Book(0, move.debitVersion() - 1, 0))),
              List.of(move.from()));
      assertThat(before.of(move.from()).balance())
          .as(
              "no command overdrew: %s held at least %d just before the command's debit at"
                  + " version %d (other servers' direct debits may overdraw)",
              move.from(), move.amount(), move.debitVersion())
          .isGreaterThanOrEqualTo(move.amount());
    }
    // the mechanism was really used, not bypassed
    assertThat(listener.count("hit")).isPositive();
    assertThat(listener.count("snapshot-written")).isPositive();
    assertThat(listener.count("snapshot-loaded")).isPositive();
    assertThat(listener.count("snapshot-failed")).isZero();
  }

  /** A transfer that went through: its source, the version of its debit there, the amount. */
  private record MoveDone(StreamId from, long debitVersion, long amount) {}

  /**
   * The state a command decided on equals the full rebuild at the versions it reflects, and those
   * are the versions its append was checked against (so it decided on the latest state).
   */
  private void checkDecision(Books seen, List<StreamId> streams, CommandResult result) {
    assertThat(seen).isEqualTo(rebuildUpTo(seen, streams));
    for (StreamId stream : streams) {
      assertThat(seen.of(stream).version())
          .as("the decision on " + stream + " saw every event before its own")
          .isEqualTo(result.streamVersions().get(stream).value() - 1);
    }
  }

  /** What the cache holds for the pair is the full rebuild at its versions. */
  private void checkCached(CommandStates states, List<StreamId> pair) {
    Optional<FoldedState> cached = states.cache().get(new StateKey("ledger", 1, pair));
    if (cached.isEmpty()) {
      return;
    }
    Books books = (Books) cached.get().state();
    for (StreamId stream : pair) {
      assertThat(books.of(stream).version()).isEqualTo(cached.get().versions().get(stream).value());
    }
    assertThat(books).isEqualTo(rebuildUpTo(books, pair));
  }

  @Test
  void aColdStartUsesTheSnapshotAndReadsOnlyTheEventsAfterIt() {
    StreamId account = StreamId.of(prefix + "long");
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      events.add(entry(new Deposited(1)));
    }
    appendDirectly(new StreamWrite(account, ExpectedVersion.noStream(), events));
    run(new Deposit(account, 1), states(100, 1_000, Runnable::run));
    assertThat(listener.count("snapshot-written")).isEqualTo(1);
    Object[] row =
        db.inTransactionWith(
            em ->
                (Object[])
                    em.createNativeQuery(
                            "select fold_name, fold_version, events, state_type"
                                + " from eventcore.command_state_snapshots"
                                + " where snapshot_key = ?1")
                        .setParameter(1, new StateKey("ledger", 1, List.of(account)).digest())
                        .getSingleResult());
    assertThat(row).containsExactly("ledger", 1, 1_200L, Books.class.getName());

    for (int i = 0; i < 3; i++) {
      appendDirectly(
          new StreamWrite(account, ExpectedVersion.any(), List.of(entry(new Deposited(10)))));
    }
    Deposit cold = new Deposit(account, 1);
    long foldedBefore = listener.count("folded");
    run(cold, states(100, 1_000, Runnable::run)); // a new cache: a restarted server

    assertThat(listener.count("snapshot-loaded")).isEqualTo(1);
    assertThat(listener.count("folded") - foldedBefore)
        .as("the command's own earlier event and the three deposits, not 1,204 events")
        .isEqualTo(4);
    assertThat(cold.seen().get().of(account).version()).isEqualTo(1_204);
    assertThat(cold.seen().get().of(account).balance()).isEqualTo(1_200 + 1 + 30);
    assertThat(cold.seen().get()).isEqualTo(rebuildUpTo(cold.seen().get(), List.of(account)));
  }

  @Test
  void aSnapshotOfAnotherStateShapeTypeOrUnreadableIsIgnoredAndTheStateRebuilt() {
    StreamId account = StreamId.of(prefix + "changed");
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(entry(new Deposited(2)));
    }
    appendDirectly(new StreamWrite(account, ExpectedVersion.noStream(), events));
    run(new Deposit(account, 1), states(100, 10, Runnable::run));
    String key = new StateKey("ledger", 1, List.of(account)).digest();

    String[] corruptions = {
      "update eventcore.command_state_snapshots set state_schema = 'an-older-shape'",
      "update eventcore.command_state_snapshots set state_type = 'org.example.RemovedState'",
      "update eventcore.command_state_snapshots set state_type = 'java.lang.String'",
      "update eventcore.command_state_snapshots set state = '{\"byStream\": 42}'::jsonb"
    };
    String[] expected = {
      "snapshot-ignored-incompatible",
      "snapshot-ignored-incompatible",
      "snapshot-ignored-incompatible",
      "snapshot-ignored-unreadable"
    };
    long version = 21;
    for (int i = 0; i < corruptions.length; i++) {
      // a fresh, correct snapshot first, then one thing wrong with it
      db.inTransactionWith(
          em ->
              em.createNativeQuery(
                      "delete from eventcore.command_state_snapshots where snapshot_key = ?1")
                  .setParameter(1, key)
                  .executeUpdate());
      run(new Deposit(account, 1), states(100, 1, Runnable::run));
      version++;
      String corruption = corruptions[i];
      db.inTransactionWith(
          em ->
              em.createNativeQuery(corruption + " where snapshot_key = ?1")
                  .setParameter(1, key)
                  .executeUpdate());

      long ignoredBefore = listener.count(expected[i]);
      long loadedBefore = listener.count("snapshot-loaded");
      Deposit cold = new Deposit(account, 1);
      run(cold, states(100, 1_000, Runnable::run));
      version++;

      assertThat(listener.count(expected[i])).as(corruption).isEqualTo(ignoredBefore + 1);
      assertThat(listener.count("snapshot-loaded")).isEqualTo(loadedBefore);
      assertThat(cold.seen().get().of(account).version()).isEqualTo(version - 1);
      assertThat(cold.seen().get()).isEqualTo(rebuildUpTo(cold.seen().get(), List.of(account)));
    }
  }

  @Test
  void aSnapshotIsFoundOnlyUnderItsFoldVersionAndNeverReplacedByAnOlderOne() {
    StreamId account = StreamId.of(prefix + "versions");
    StateKey v1 = new StateKey("ledger", 1, List.of(account));
    StateKey v2 = new StateKey("ledger", 2, List.of(account));
    String schema = new JsonbStateCodec().schemaOf(Books.class);
    Snapshot newer =
        new Snapshot(v1, Books.class.getName(), schema, Map.of(account, StreamVersion.of(9)), "{}");
    Snapshot older =
        new Snapshot(v1, Books.class.getName(), schema, Map.of(account, StreamVersion.of(4)), "{}");
    db.inTransactionWith(
        em -> {
          new JpaSnapshotStore(em).save(newer);
          new JpaSnapshotStore(em).save(older);
          return null;
        });

    Optional<Snapshot> found = db.inTransactionWith(em -> new JpaSnapshotStore(em).find(v1));
    assertThat(found)
        .get()
        .satisfies(s -> assertThat(s.versions()).containsEntry(account, StreamVersion.of(9)))
        .satisfies(s -> assertThat(s.key()).isEqualTo(v1));
    Optional<Snapshot> otherVersion = db.inTransactionWith(em -> new JpaSnapshotStore(em).find(v2));
    assertThat(otherVersion).isEmpty();
  }
}
