package org.eventcore.application.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandException;
import org.eventcore.api.command.ConcurrencyConflictException;

/**
 * Runs commands: the entry point of the command side. No transaction of its own; each attempt gets
 * a new one, conflicts are retried (see {@link RetryingCommandRunner}), and every execution is
 * measured per command type:
 *
 * <ul>
 *   <li>{@code eventcore_command_duration_seconds{command}}: the whole execution, retries included;
 *   <li>{@code eventcore_command_outcomes_total{command, outcome}} with outcome {@code success},
 *       {@code rejected} (validation or business rule), {@code conflict-retried} (one per attempt
 *       that met a conflict and was retried), {@code conflict-exhausted}, {@code failed};
 *   <li>{@code eventcore_command_attempts{command}}: attempts per execution;
 *   <li>{@code eventcore_command_events_total{command}}: events written.
 * </ul>
 *
 * <p>Failures reach the caller as: {@link CommandException} subclasses for rejections (CE001,
 * CE002, CE007, CE008) and for exhausted retries ({@link ConcurrencyConflictException}, CE003);
 * MicroProfile's {@link TimeoutException} and {@link BulkheadException} when the service is too
 * slow or too busy; {@link org.eventcore.api.EventStoreException} for infrastructure failures.
 */
@ApplicationScoped
public class CommandExecutor {

  private static final Logger LOG = Logger.getLogger(CommandExecutor.class.getName());

  @Inject RetryingCommandRunner runner;
  @Inject MetricRegistry metrics;

  public <S, E> CommandResult execute(Command<S, E> command) {
    return execute(command, CommandOptions.none());
  }

  public <S, E> CommandResult execute(Command<S, E> command, CommandOptions options) {
    String type = command.commandType();
    Tag commandTag = new Tag("command", type);
    Attempts attempts = new Attempts();
    long started = System.nanoTime();
    String outcome = "failed";
    try {
      CommandResult outcomeOfRun = runner.run(command, options, attempts);
      CommandResult result =
          outcomeOfRun.replayed() ? outcomeOfRun : outcomeOfRun.withAttempts(attempts.count());
      outcome = "success";
      if (!result.replayed()) {
        metrics.counter("eventcore.command.events", commandTag).inc(result.events().size());
      }
      return result;
    } catch (StreamVersionConflictException conflict) {
      outcome = "conflict-exhausted";
      LOG.log(
          Level.WARNING,
          "{0} gave up after {1} attempts: {2}",
          new Object[] {type, attempts.count(), conflict.getMessage()});
      throw new ConcurrencyConflictException(
          type, conflictsOf(conflict), attempts.count(), conflict);
    } catch (CommandException rejected) {
      outcome = "rejected";
      throw rejected;
    } finally {
      int retriedConflicts = attempts.conflicts() - (outcome.equals("conflict-exhausted") ? 1 : 0);
      if (retriedConflicts > 0) {
        metrics
            .counter(
                "eventcore.command.outcomes", commandTag, new Tag("outcome", "conflict-retried"))
            .inc(retriedConflicts);
      }
      metrics.counter("eventcore.command.outcomes", commandTag, new Tag("outcome", outcome)).inc();
      metrics.histogram("eventcore.command.attempts", commandTag).update(attempts.count());
      metrics
          .timer("eventcore.command.duration", commandTag)
          .update(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static List<StreamVersionConflictException.Conflict> conflictsOf(
      StreamVersionConflictException conflict) {
    return conflict.conflicts();
  }
}
