package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.StreamWrite;
import org.junit.jupiter.api.Test;

/**
 * The store's guarantees under real concurrency on PostgreSQL: no lost update and no deadlock with
 * overlapping multi-stream appends, and a global feed that neither skips nor repeats events of
 * transactions that commit out of order.
 */
class JpaEventStoreConcurrencyIT {

  private final TestDatabase db = TestDatabase.get();

  private static NewEvent event(String type) {
    return NewEvent.of(type, "{}", EventMetadata.EMPTY);
  }

  /**
   * (a) 16 threads × 500 read-decide-append operations, each over 2–3 of 24 shared streams, with
   * exact expectations, retried on conflict.
   */
  @Test
  void overlappingMultiStreamAppendsLoseNothingAndNeverDeadlock() throws Exception {
    int threads = 16;
    int appendsPerThread = 500;
    String prefix = "contended-" + UUID.randomUUID() + "-";
    List<StreamId> streams = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      streams.add(StreamId.of(prefix + i));
    }
    Map<StreamId, AtomicInteger> committedPerStream = new ConcurrentHashMap<>();
    streams.forEach(s -> committedPerStream.put(s, new AtomicInteger()));
    AtomicLong versionConflicts = new AtomicLong();
    List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; n < appendsPerThread; n++) {
                  List<StreamId> chosen = new ArrayList<>(streams);
                  Collections.shuffle(chosen, random);
                  chosen = chosen.subList(0, 2 + random.nextInt(2));
                  while (true) {
                    List<StreamId> participants = chosen;
                    try {
                      db.inTransaction(
                          store -> {
                            Map<StreamId, StreamVersion> read = store.currentVersions(participants);
                            List<StreamWrite> writes = new ArrayList<>();
                            for (StreamId id : participants) {
                              writes.add(
                                  new StreamWrite(
                                      id,
                                      ExpectedVersion.exact(read.get(id)),
                                      List.of(event("Moved"))));
                            }
                            return store.append(writes);
                          });
                      participants.forEach(id -> committedPerStream.get(id).incrementAndGet());
                      break;
                    } catch (StreamVersionConflictException conflict) {
                      if (conflict.conflicts().isEmpty()) {
                        // detected by the database, not by the version check under the lock:
                        // a race (or a deadlock) the locking should have made impossible
                        unexpected.add(conflict);
                        return;
                      }
                      versionConflicts.incrementAndGet();
                    } catch (RuntimeException e) {
                      unexpected.add(e);
                      return;
                    }
                  }
                }
              }));
    }
    for (Future<?> worker : workers) {
      worker.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(unexpected).isEmpty();
    Map<StreamId, org.eventcore.api.StreamEvents> stored =
        db.inTransaction(store -> store.readStreams(streams));
    int total = 0;
    for (StreamId id : streams) {
      List<StoredEvent> events = stored.get(id).events();
      int committed = committedPerStream.get(id).get();
      assertThat(events).as("events of %s", id).hasSize(committed);
      for (int v = 0; v < events.size(); v++) {
        assertThat(events.get(v).version().value()).isEqualTo(v + 1L);
      }
      assertThat(stored.get(id).version().value()).isEqualTo(committed);
      total += committed;
    }
    int appends = threads * appendsPerThread;
    assertThat(total).isBetween(2 * appends, 3 * appends);
    System.out.printf(
        "overlapping appends: %d committed, %d version conflicts retried%n",
        appends, versionConflicts.get());
  }

  /**
   * (b) Transaction A writes first but commits last; B writes after A and commits first. A reader
   * between the two commits must not move past A's events, and afterwards gets both exactly once.
   */
  @Test
  void anEventCommittedLateIsDeliveredOnceAndInOrder() {
    FeedCursor start = endOfFeed();
    StreamId streamA = StreamId.of("late-a-" + UUID.randomUUID());
    StreamId streamB = StreamId.of("late-b-" + UUID.randomUUID());

    EntityManager transactionA = db.entityManagerFactory.createEntityManager();
    transactionA.getTransaction().begin();
    AppendResult a =
        new JpaEventStore(transactionA)
            .append(List.of(new StreamWrite(streamA, ExpectedVersion.any(), List.of(event("A")))));
    try {
      AppendResult b =
          db.inTransaction(
              store ->
                  store.append(
                      List.of(
                          new StreamWrite(streamB, ExpectedVersion.any(), List.of(event("B"))))));
      assertThat(b.events().get(0).globalPosition())
          .as("B is positioned after A but committed before it")
          .isGreaterThan(a.events().get(0).globalPosition());

      FeedPage whileAIsOpen = db.inTransaction(store -> store.readFeed(start, 100));
      assertThat(whileAIsOpen.events())
          .as("nothing may be delivered past a running transaction")
          .isEmpty();
      assertThat(whileAIsOpen.next()).isEqualTo(start);
      Duration horizonAge = db.inTransaction(store -> store.oldestRunningTransactionAge());
      assertThat(horizonAge).as("transaction A is still running").isPositive();

      transactionA.getTransaction().commit();

      FeedPage afterCommit = db.inTransaction(store -> store.readFeed(whileAIsOpen.next(), 100));
      assertThat(afterCommit.events())
          .extracting(StoredEvent::id)
          .containsExactly(a.events().get(0).id(), b.events().get(0).id());
      assertThat(db.inTransaction(store -> store.readFeed(afterCommit.next(), 100)).events())
          .isEmpty();
    } finally {
      if (transactionA.getTransaction().isActive()) {
        transactionA.getTransaction().rollback();
      }
      transactionA.close();
    }
  }

  /**
   * (c) Many writers whose transactions hold their events for a random while before committing (so
   * commits come out of order), and one reader tailing the feed all along: the reader sees exactly
   * the final feed — every committed event once, in the feed's order.
   */
  @Test
  void aTailingReaderSeesExactlyTheFinalFeedUnderRandomOutOfOrderCommits() throws Exception {
    FeedCursor start = endOfFeed();
    String prefix = "tail-" + UUID.randomUUID() + "-";
    int writers = 8;
    int appendsPerWriter = 60;
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<EventId> committed = ConcurrentHashMap.newKeySet();

    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    Future<List<StoredEvent>> reader =
        pool.submit(
            () -> {
              List<StoredEvent> seen = new ArrayList<>();
              FeedCursor cursor = start;
              boolean finalPass = false;
              while (true) {
                FeedCursor after = cursor;
                FeedPage page = db.inTransaction(store -> store.readFeed(after, 7));
                seen.addAll(page.events());
                cursor = page.next();
                if (page.isEmpty()) {
                  if (finalPass) {
                    return seen;
                  }
                  finalPass = !writing.get();
                  Thread.sleep(2);
                }
              }
            });
    List<Future<?>> writerTasks = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      writerTasks.add(
          pool.submit(
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; n < appendsPerWriter; n++) {
                  StreamId stream = StreamId.of(prefix + random.nextInt(5));
                  EntityManager em = db.entityManagerFactory.createEntityManager();
                  try {
                    em.getTransaction().begin();
                    AppendResult result =
                        new JpaEventStore(em)
                            .append(
                                List.of(
                                    new StreamWrite(
                                        stream,
                                        ExpectedVersion.any(),
                                        List.of(event("E"), event("E")))));
                    Thread.sleep(random.nextInt(4));
                    if (random.nextInt(10) == 0) {
                      em.getTransaction().rollback(); // never delivered
                    } else {
                      em.getTransaction().commit();
                      result.events().forEach(e -> committed.add(e.id()));
                    }
                  } finally {
                    if (em.getTransaction().isActive()) {
                      em.getTransaction().rollback();
                    }
                    em.close();
                  }
                }
                return null;
              }));
    }
    for (Future<?> writer : writerTasks) {
      writer.get(5, TimeUnit.MINUTES);
    }
    writing.set(false);
    List<StoredEvent> seen = reader.get(5, TimeUnit.MINUTES);
    pool.shutdown();

    List<StoredEvent> finalFeed = feedAfter(start);
    List<EventId> seenIds = seen.stream().map(StoredEvent::id).toList();
    assertThat(seenIds).doesNotHaveDuplicates();
    assertThat(seenIds).containsExactlyElementsOf(finalFeed.stream().map(StoredEvent::id).toList());
    assertThat(new HashSet<>(seenIds)).isEqualTo(committed);
  }

  private FeedCursor endOfFeed() {
    FeedCursor cursor = FeedCursor.START;
    while (true) {
      FeedCursor after = cursor;
      FeedPage page = db.inTransaction(store -> store.readFeed(after, 10_000));
      if (page.isEmpty()) {
        return cursor;
      }
      cursor = page.next();
    }
  }

  private List<StoredEvent> feedAfter(FeedCursor start) {
    List<StoredEvent> events = new ArrayList<>();
    FeedCursor cursor = start;
    while (true) {
      FeedCursor after = cursor;
      FeedPage page = db.inTransaction(store -> store.readFeed(after, ReadOptions.MAX_COUNT_LIMIT));
      if (page.isEmpty()) {
        return events;
      }
      events.addAll(page.events());
      cursor = page.next();
    }
  }
}
