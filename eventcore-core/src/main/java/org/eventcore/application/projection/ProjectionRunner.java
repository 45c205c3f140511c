package org.eventcore.application.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eventcore.api.TransientEventStoreException;
import org.eventcore.api.projection.Projection;
import org.eventcore.application.projection.ProjectionProcessor.EventFailedException;
import org.eventcore.application.projection.ProjectionProcessor.Step;

/**
 * Keeps one projection up to date: one {@link ProjectionProcessor} step per transaction, as long as
 * there is work; then it rests for the poll interval. Failures follow the projection's error
 * strategy: {@code RETRY} rests with an exponential back-off and tries the batch again; {@code
 * SKIP} and {@code STOP} first re-run the failed batch one event at a time to find the failing
 * event, then record it. An unreachable database also means back-off and resume.
 *
 * <p>{@link #runOnce()} does one round and says how long to rest; a scheduler calls it again after
 * that delay. The runner itself holds no thread.
 */
public final class ProjectionRunner {

  private static final Logger LOG = Logger.getLogger(ProjectionRunner.class.getName());

  /** How the runner paces itself. */
  public record Settings(
      int batchSize, Duration pollInterval, Duration maxBackoff, int maxBatchesPerRound) {
    public Settings {
      if (batchSize < 1 || maxBatchesPerRound < 1) {
        throw new IllegalArgumentException("batchSize and maxBatchesPerRound must be positive");
      }
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
    }
  }

  private final Projection projection;
  private final Transactions transactions;
  private final Function<Projection, ProjectionProcessor> processors;
  private final Settings settings;
  private final AtomicLong failuresInARow = new AtomicLong();

  /** After a batch failed: how many more steps of one event, to find the failing one. */
  private volatile int isolationLeft;

  private volatile String lastError = "";

  private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);

  private volatile Instant lastProgressLog;

  /**
   * @param processors the processor to use inside a transaction (bound to that transaction's store
   *     and checkpoints)
   */
  public ProjectionRunner(
      Projection projection,
      Transactions transactions,
      Function<Projection, ProjectionProcessor> processors,
      Settings settings) {
    this.projection = Objects.requireNonNull(projection, "projection");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.processors = Objects.requireNonNull(processors, "processors");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Works until the feed is exhausted (or a round's batch budget is spent) and returns the rest.
   */
  public Duration runOnce() {
    for (int batch = 0; batch < settings.maxBatchesPerRound(); batch++) {
      Step step;
      try {
        int size = isolationLeft > 0 ? 1 : settings.batchSize();
        step =
            transactions.inNewTransaction(
                () -> processors.apply(projection).step(projection, size));
        if (isolationLeft > 0) {
          isolationLeft--;
        }
        failuresInARow.set(0);
      } catch (EventFailedException failed) {
        isolationLeft = 0;
        if (projection.onError() == Projection.ErrorStrategy.RETRY) {
          return backOff(failed);
        }
        LOG.log(
            Level.WARNING,
            "Projection {0}: {1} ({2})",
            new Object[] {projection.name(), failed.getMessage(), projection.onError()});
        transactions.inNewTransaction(
            () -> {
              processors.apply(projection).recordFailure(projection, failed);
              return null;
            });
        continue;
      } catch (TransientEventStoreException unavailable) {
        return backOff(unavailable);
      } catch (RuntimeException failed) {
        if (projection.onError() != Projection.ErrorStrategy.RETRY && isolationLeft == 0) {
          isolationLeft = settings.batchSize(); // find the failing event, one at a time
          continue;
        }
        return backOff(failed);
      }
      if (step instanceof Step.Advanced advanced) {
        advanced.rebuild().ifPresent(this::reportProgress);
      } else {
        if (step instanceof Step.RebuildFinished finished) {
          reportFinished(finished.rebuild());
        }
        return settings.pollInterval();
      }
    }
    return Duration.ZERO;
  }

  /** A log line every {@link #PROGRESS_LOG_INTERVAL} while a rebuild runs. */
  private void reportProgress(RebuildProgress progress) {
    Instant now = Instant.now();
    Instant last = lastProgressLog;
    if (last != null
        && last.isAfter(progress.startedAt())
        && Duration.between(last, now).compareTo(PROGRESS_LOG_INTERVAL) < 0) {
      return;
    }
    lastProgressLog = now;
    LOG.info(
        () ->
            String.format(
                "Projection %s rebuild: %,d of %,d events (%.1f %%), %,.0f events/s, ETA %s",
                projection.name(),
                progress.processed(),
                progress.total(),
                progress.percent(),
                progress.eventsPerSecond(now),
                progress.eta(now).map(ProjectionRunner::seconds).orElse("unknown")));
  }

  private void reportFinished(RebuildProgress progress) {
    Instant now = Instant.now();
    LOG.info(
        () ->
            String.format(
                "Projection %s rebuild finished: %,d events in %s, %,.0f events/s",
                projection.name(),
                progress.processed(),
                seconds(Duration.between(progress.startedAt(), now)),
                progress.eventsPerSecond(now)));
  }

  private static String seconds(Duration duration) {
    return String.format("%.1f s", duration.toMillis() / 1000.0);
  }

  private Duration backOff(RuntimeException failure) {
    long failures = failuresInARow.incrementAndGet();
    lastError = String.valueOf(failure.getMessage());
    long millis =
        Math.min(
            settings.maxBackoff().toMillis(),
            settings.pollInterval().toMillis() * (1L << Math.min(10, failures)));
    LOG.log(
        failures == 1 ? Level.WARNING : Level.FINE,
        "Projection {0} backs off {1} ms after: {2}",
        new Object[] {projection.name(), millis, lastError});
    return Duration.ofMillis(millis);
  }

  /** Gives up the lease, so that another node can take over at once. */
  public void release() {
    try {
      transactions.inNewTransaction(
          () -> {
            processors.apply(projection).release(projection);
            return null;
          });
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Could not release the lease of " + projection.name(), e);
    }
  }

  public Projection projection() {
    return projection;
  }

  /** Consecutive failed rounds (0 when healthy) and the last error seen. */
  public long failuresInARow() {
    return failuresInARow.get();
  }

  public String lastError() {
    return lastError;
  }
}
