package org.eventcore.bench.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.command.ConcurrencyConflictException;
import org.eventcore.api.projection.Projection;
import org.eventcore.application.command.CommandExecutor;
import org.eventcore.application.command.CommandOptions;
import org.eventcore.application.command.CommandResult;
import org.eventcore.application.projection.ProjectionProcessor;
import org.eventcore.application.projection.TransactionalSteps;
import org.eventcore.bench.load.BenchData;
import org.eventcore.bench.load.Fold;
import org.eventcore.bench.load.LoadLoop;
import org.eventcore.bench.load.Measurement;
import org.eventcore.domain.banking.AccountId;
import org.eventcore.domain.banking.TransferMoney;
import org.eventcore.infrastructure.persistence.jpa.JpaCheckpointStore;
import org.eventcore.infrastructure.persistence.jpa.JpaEventStore;

/**
 * The library-level workloads, each on N client threads inside the server, through the production
 * beans: one JTA transaction per operation ({@link TransactionalSteps}, {@code REQUIRES_NEW}, the
 * boundary the projections use), {@link JpaEventStore}, and for W2 the whole command path ({@link
 * CommandExecutor}: metrics, Fault Tolerance retry/timeout/bulkhead, the attempt transaction, fold,
 * decision, append).
 */
@ApplicationScoped
public class LibraryWorkloads {

  @Inject JpaEventStore store;
  @Inject JpaCheckpointStore checkpoints;
  @Inject TransactionalSteps transactions;
  @Inject CommandExecutor executor;

  /**
   * W1: a random account of the point, its version tracked by the client side, one {@code
   * Deposited} event appended expecting exactly that version. A conflict is counted, not retried
   * (the tracked version is corrected from the conflict).
   */
  public Measurement w1(String point, int accounts, int clients, Duration warmup, Duration measured)
      throws InterruptedException {
    AtomicLongArray versions = currentVersions(point, accounts);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return LoadLoop.run(
        clients,
        warmup,
        measured,
        i ->
            client -> {
              int n = 1 + client.random().nextInt(accounts);
              StreamId stream = StreamId.of(BenchData.accountStream(point, n));
              long expected = versions.get(n);
              NewEvent event =
                  new NewEvent(
                      EventId.generate(),
                      BenchData.DEPOSITED,
                      1,
                      BenchData.depositedPayload(client.random().nextLong(1_000_000_000L)),
                      metadata());
              try {
                transactions.inNewTransaction(
                    () ->
                        store.append(
                            List.of(
                                new StreamWrite(
                                    stream, ExpectedVersion.exact(expected), List.of(event)))));
                versions.compareAndSet(n, expected, expected + 1);
                client.events(1);
              } catch (StreamVersionConflictException conflict) {
                client.conflict();
                conflict.conflicts().stream()
                    .filter(c -> c.streamId().equals(stream))
                    .findFirst()
                    .ifPresent(c -> versions.set(n, c.actual().value()));
              }
            },
        () -> Thread.currentThread().setContextClassLoader(loader));
  }

  /**
   * W2: a transfer of 1 between two distinct random accounts of the point, the real {@link
   * TransferMoney} command through {@link CommandExecutor}. Retries inside the executor are counted
   * from the result's attempts; a conflict that outlasts the executor's retries is run again until
   * the transfer succeeds.
   */
  public Measurement w2(
      String point, int accounts, int clients, Duration warmup, Duration measured, boolean cold)
      throws InterruptedException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return LoadLoop.run(
        clients,
        warmup,
        measured,
        i ->
            client -> {
              int[] pair = BenchData.distinctPair(client.random(), accounts);
              int from = pair[0];
              int to = pair[1];
              AccountId source = AccountId.of(BenchData.accountId(point, from));
              AccountId target = AccountId.of(BenchData.accountId(point, to));
              Object transfer =
                  cold ? new ColdTransfer(source, target, 1) : new TransferMoney(source, target, 1);
              while (true) {
                try {
                  CommandResult result =
                      executor.execute(transfer, CommandOptions.withMetadata(metadata()));
                  for (int k = 1; k < result.attempts(); k++) {
                    client.conflict();
                  }
                  client.retries(result.attempts() - 1);
                  client.events(result.events().size());
                  return;
                } catch (ConcurrencyConflictException exhausted) {
                  for (int k = 0; k < exhausted.attempts(); k++) {
                    client.conflict();
                  }
                  client.retries(exhausted.attempts());
                }
              }
            },
        () -> Thread.currentThread().setContextClassLoader(loader));
  }

  /** W3: the whole stream, in one transaction, on one client. */
  public Measurement readStream(String streamId, Duration warmup, Duration measured)
      throws InterruptedException {
    StreamId stream = StreamId.of(streamId);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return LoadLoop.run(
        1,
        warmup,
        measured,
        i ->
            client -> {
              StreamEvents events =
                  transactions.inNewTransaction(() -> store.read(stream, ReadOptions.all()));
              if (events.events().size() != events.version().value()) {
                throw new IllegalStateException(
                    "Read "
                        + events.events().size()
                        + " events of "
                        + stream
                        + " at version "
                        + events.version());
              }
              client.events(events.events().size());
              client.items(1);
            },
        () -> Thread.currentThread().setContextClassLoader(loader));
  }

  /**
   * W3: the global feed from the start in pages of {@code pageSize}, one transaction per page; at
   * the end of the feed the next operation starts again from the start.
   */
  public Measurement readFeed(int pageSize, Duration warmup, Duration measured)
      throws InterruptedException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return LoadLoop.run(
        1,
        warmup,
        measured,
        i -> {
          FeedCursor[] cursor = {FeedCursor.START};
          return client -> {
            FeedPage page =
                transactions.inNewTransaction(() -> store.readFeed(cursor[0], pageSize));
            cursor[0] = page.isEmpty() ? FeedCursor.START : page.next();
            client.events(page.events().size());
            client.items(1);
          };
        },
        () -> Thread.currentThread().setContextClassLoader(loader));
  }

  /**
   * W3: replay of the global feed through a projection that parses and folds every event, with the
   * production {@link ProjectionProcessor} (lease, checkpoint, feed page, handle, advance: one
   * transaction per batch). At the end of the feed a new projection starts from the start.
   */
  public Measurement replay(int batchSize, Duration warmup, Duration measured)
      throws InterruptedException {
    ProjectionProcessor processor =
        new ProjectionProcessor(store, checkpoints, "bench-node", Duration.ofMinutes(10));
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return LoadLoop.run(
        1,
        warmup,
        measured,
        i -> {
          FoldingProjection[] projection = {new FoldingProjection()};
          return client -> {
            ProjectionProcessor.Step step =
                transactions.inNewTransaction(() -> processor.step(projection[0], batchSize));
            if (step instanceof ProjectionProcessor.Step.Advanced advanced) {
              client.events(advanced.read());
              client.items(1);
            } else if (step instanceof ProjectionProcessor.Step.Idle) {
              projection[0] = new FoldingProjection();
            } else {
              throw new IllegalStateException("Replay step " + step);
            }
          };
        },
        () -> Thread.currentThread().setContextClassLoader(loader));
  }

  private AtomicLongArray currentVersions(String point, int accounts) {
    AtomicLongArray versions = new AtomicLongArray(accounts + 1);
    for (int from = 1; from <= accounts; from += 1000) {
      List<StreamId> chunk = new ArrayList<>();
      for (int n = from; n < from + 1000 && n <= accounts; n++) {
        chunk.add(StreamId.of(BenchData.accountStream(point, n)));
      }
      int first = from;
      transactions.inNewTransaction(
          () -> {
            var current = store.currentVersions(chunk);
            for (int k = 0; k < chunk.size(); k++) {
              versions.set(
                  first + k, current.getOrDefault(chunk.get(k), StreamVersion.EMPTY).value());
            }
            return null;
          });
    }
    return versions;
  }

  private static EventMetadata metadata() {
    return EventMetadata.EMPTY
        .withCorrelationId(BenchData.newCorrelationId())
        .withCustom("source", "bench");
  }

  /** A projection that folds every event in memory (the replay measures the feed machinery). */
  static final class FoldingProjection implements Projection {
    private final String name = "bench-replay-" + UUID.randomUUID();
    private final Fold fold = new Fold();

    @Override
    public String name() {
      return name;
    }

    @Override
    public void handle(List<StoredEvent> events) {
      for (StoredEvent event : events) {
        fold.apply(event.type(), event.payload());
      }
    }

    @Override
    public void reset() {
      // a fresh projection per pass: nothing to reset
    }
  }
}
