package org.eventcore.application.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eventcore.api.CommitFailedException;
import org.eventcore.api.EventStoreException;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.TransientEventStoreException;
import org.eventcore.api.command.Command;
import org.eventcore.application.operations.HotStreams;
import org.eventcore.application.tracing.CommandTracing;
import org.eventcore.application.tracing.TraceSpan;

/**
 * The fault-tolerance policy around command attempts. It has no transaction of its own: every
 * attempt it starts runs in a new one ({@link CommandAttempt}), so a retry reads fresh state.
 *
 * <p>Every policy can be changed with MicroProfile Config, e.g. {@code
 * org.eventcore.application.command.RetryingCommandRunner/run/Retry/maxRetries=10}.
 *
 * <p><b>A commit without an answer.</b> When the attempt's transaction fails at its commit (the
 * connection to the database broke while the commit was under way; the transaction manager reports
 * a heuristic outcome or a rollback), the events may or may not be stored. The attempt told this
 * runner what it wrote before committing, so the runner asks the database ({@link CommitOutcomes},
 * for at most {@code eventcore.command.commit-outcome-wait-ms}) and answers the truth: the result
 * when the events are stored, {@link CommitFailedException} (ES007, "did not happen") when they are
 * not, or {@link CommitFailedException} (ES008, "unknown") when the database could not tell in
 * time. Neither is retried here: the caller decides (a repeat with the same idempotency key is
 * always safe).
 */
@ApplicationScoped
public class RetryingCommandRunner {

  private static final Logger LOG = Logger.getLogger(RetryingCommandRunner.class.getName());

  @Inject CommandAttempt attempt;
  @Inject CommitOutcomes commitOutcomes;
  @Inject HotStreams hotStreams;
  @Inject CommandTracing tracing;

  @Inject
  @ConfigProperty(name = "eventcore.command.commit-outcome-wait-ms", defaultValue = "1500")
  long commitOutcomeWaitMillis;

  @Inject
  @ConfigProperty(name = "eventcore.command.transient-retry-ms", defaultValue = "1000")
  long transientRetryMillis;

  /**
   * Runs attempts until one succeeds.
   *
   * <ul>
   *   <li>{@code @Retry}: a version conflict or a transient store failure re-runs the whole
   *       read-decide-append, up to 5 more times, 50 ms apart with up to 50 ms of jitter; any other
   *       failure (a rejected command, a bug, a commit that failed) ends at once. A transient
   *       failure (the database unreachable, restarting or too slow) is not retried once {@code
   *       eventcore.command.transient-retry-ms} (1 s) has passed since the first attempt, so that a
   *       failing database is answered with a 503 within the request's time bound (ADR 0013).
   *   <li>{@code @Timeout}: an attempt that takes longer than 30 s is abandoned (and rolled back).
   *   <li>{@code @Bulkhead}: at most 64 attempts run at once; beyond that a call is refused
   *       immediately rather than queued.
   * </ul>
   *
   * <p>Each attempt is a span {@value CommandTracing#ATTEMPT}; its commit — from the moment the
   * attempt has appended until the transaction's commit has returned — a span {@value
   * CommandTracing#COMMIT} below it.
   *
   * @param attempts records the attempts made and their conflicts, for the caller's metrics
   */
  @Retry(
      maxRetries = 5,
      delay = 50,
      jitter = 50,
      maxDuration = 60_000,
      retryOn = {StreamVersionConflictException.class, TransientEventStoreException.class},
      abortOn = {CommitFailedException.class, OutOfRetryTime.class})
  @Timeout(30_000)
  @Bulkhead(64)
  public <S, E> CommandResult run(
      Command<S, E> command, CommandOptions options, Attempts attempts) {
    attempts.started();
    try (TraceSpan span = tracing.start(CommandTracing.ATTEMPT)) {
      span.set("eventcore.attempt", attempts.count());
      TraceSpan[] commit = new TraceSpan[1];
      Exception failed = null;
      try {
        return attempt.run(
            command,
            options,
            decided -> {
              attempts.decided(decided);
              commit[0] = tracing.start(CommandTracing.COMMIT);
            });
      } catch (Exception failure) {
        failed = failure;
        span.failed(failure);
        throw failure;
      } finally {
        closeCommit(commit[0], failed);
      }
    } catch (StreamVersionConflictException conflict) {
      attempts.conflicted();
      hotStreams.record(conflict);
      throw conflict;
    } catch (TransientEventStoreException unavailable) {
      if (attempts.millisSinceFirst() >= transientRetryMillis) {
        throw new OutOfRetryTime(unavailable);
      }
      throw unavailable;
    } catch (Exception failure) {
      CommandResult decided = attempts.decided();
      if (decided == null) {
        throw asUnchecked(failure); // failed before its commit: the attempt rolled back
      }
      return outcomeOfFailedCommit(command, decided, failure);
    }
  }

  private static void closeCommit(TraceSpan commit, Exception failure) {
    if (commit != null) {
      if (failure != null) {
        commit.failed(failure);
      }
      commit.close();
    }
  }

  private CommandResult outcomeOfFailedCommit(
      Command<?, ?> command, CommandResult decided, Exception failure) {
    if (decided.events().isEmpty() || decided.replayed()) {
      // nothing was to be written: there is nothing to lose or to find
      LOG.log(
          Level.WARNING,
          "{0}: the commit failed ({1}), but the command wrote no events",
          new Object[] {command.commandType(), failure});
      return decided;
    }
    CommitOutcomes.Outcome outcome =
        commitOutcomes.outcomeOf(decided, Duration.ofMillis(commitOutcomeWaitMillis));
    LOG.log(
        Level.WARNING,
        "{0}: the commit of transaction {1} failed ({2}); looked up: {3}",
        new Object[] {
          command.commandType(), Long.toString(decided.cursor().transaction()), failure, outcome
        });
    return switch (outcome) {
      case COMMITTED -> decided;
      case NOT_COMMITTED ->
          throw new CommitFailedException(
              command.commandType()
                  + " was not committed: the connection to the database failed during the commit,"
                  + " and its events are not stored",
              true,
              failure);
      case UNKNOWN ->
          throw new CommitFailedException(
              "The connection to the database failed while "
                  + command.commandType()
                  + " committed, and the database could not be asked in time whether it was stored",
              false,
              failure);
    };
  }

  /** A transient failure met when no time is left to retry it: answered, not retried. */
  static final class OutOfRetryTime extends TransientEventStoreException {
    private static final long serialVersionUID = 1L;

    OutOfRetryTime(TransientEventStoreException last) {
      super(last.getMessage(), last);
    }
  }

  private static RuntimeException asUnchecked(Exception failure) {
    if (failure instanceof RuntimeException unchecked) {
      return unchecked;
    }
    return new EventStoreException("The command's transaction failed: " + failure, failure);
  }
}
