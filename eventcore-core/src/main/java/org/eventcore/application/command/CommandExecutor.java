package org.eventcore.application.command;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionalException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandException;
import org.eventcore.api.command.ConcurrencyConflictException;
import org.eventcore.application.operations.HotStreams;
import org.eventcore.application.tracing.CommandTracing;
import org.eventcore.application.tracing.TraceSpan;

/**
 * Runs commands: the one entry point of the command side, for any bean, EJB or JAX-RS resource.
 *
 * <pre>{@code
 * @Inject CommandExecutor commands;
 *
 * CommandResult result = commands.execute(new TransferMoney(alice, bob, 300));
 * commands.execute(new Deposit(alice, 100), CommandOptions.none().withIdempotencyKey(key));
 * CompletionStage<CommandResult> later = commands.executeAsync(new Deposit(bob, 5));
 * }</pre>
 *
 * <p>A command is a {@link Command} (a record that handles itself) or a record whose type has a
 * {@link org.eventcore.api.command.CommandHandler} bean. Each execution:
 *
 * <ul>
 *   <li>completes the metadata from the caller's context ({@link CommandCallContext}: correlation
 *       id, causation id, user) — in the caller's thread, also for {@link #executeAsync} — and
 *       names the command in it (custom entry {@value #COMMAND_KEY});
 *   <li>by default runs each attempt in a transaction of its own and retries conflicts (see {@link
 *       RetryingCommandRunner}); with {@link CommandOptions#inCallerTransaction()} runs once inside
 *       the caller's active JTA transaction;
 *   <li>is measured per command type:
 *       <ul>
 *         <li>{@code eventcore_command_duration_seconds{command}}: the whole execution, retries
 *             included;
 *         <li>{@code eventcore_command_outcomes_total{command, outcome}} with outcome {@code
 *             success}, {@code rejected} (validation or business rule), {@code conflict-retried}
 *             (one per attempt that met a conflict and was retried), {@code conflict-exhausted},
 *             {@code failed};
 *         <li>{@code eventcore_command_attempts{command}}: attempts per execution;
 *         <li>{@code eventcore_command_events_total{command}}: events written.
 *       </ul>
 *   <li>is traced ({@link CommandTracing}): a span {@value CommandTracing#COMMAND} with the
 *       attributes {@code command.type}, {@code command.success}, {@code command.outcome}, {@code
 *       command.attempts}, {@code events.count}, {@code streams.count} (and {@code error.type} when
 *       it failed), a child of the span current in the caller — the HTTP request's server span
 *       under MicroProfile Telemetry — with a span per attempt and phase below it. When the span
 *       belongs to a real trace, its trace id and span id are written into every event's metadata
 *       (custom entries {@value #TRACE_ID_KEY} and {@value #SPAN_ID_KEY}, unless the caller set
 *       them);
 *   <li>is logged: one JSON line when it ends ({@link CommandLog}).
 * </ul>
 *
 * <p>Failures reach the caller as: {@link CommandException} subclasses for rejections (CE001,
 * CE002, CE007, CE008, CE009) and for conflicts that outlasted the retries ({@link
 * ConcurrencyConflictException}, CE003); MicroProfile's {@link TimeoutException} and {@link
 * BulkheadException} when the service is too slow or too busy; {@link
 * org.eventcore.api.EventStoreException} for infrastructure failures; {@link IllegalStateException}
 * for an object that is neither a command nor of a type with a handler, and for {@code
 * inCallerTransaction} without an active transaction.
 */
@ApplicationScoped
public class CommandExecutor {

  private static final Logger LOG = Logger.getLogger(CommandExecutor.class.getName());

  private static final String DEFAULT_MANAGED_EXECUTOR = "java:comp/DefaultManagedExecutorService";

  /** The custom metadata entry that names the command that wrote an event. */
  public static final String COMMAND_KEY = "command";

  /**
   * The custom metadata entry holding the W3C trace id (32 hex digits) of the trace the command ran
   * in; present only when tracing is on and the command's span belongs to a trace.
   */
  public static final String TRACE_ID_KEY = "traceId";

  /** The custom metadata entry holding the span id of the command's span (16 hex digits). */
  public static final String SPAN_ID_KEY = "spanId";

  @Inject RetryingCommandRunner runner;
  @Inject CommandAttempt attempt;
  @Inject CommandHandlers handlers;
  @Inject CommandCallContext callContext;
  @Inject MetricRegistry metrics;
  @Inject HotStreams hotStreams;
  @Inject CommandTracing tracing;
  @Inject CommandLog log;

  /** The container's default managed executor, looked up on first use in a caller's thread. */
  private volatile ManagedExecutorService managedExecutor;

  /** Runs {@code command} with default options and waits for the outcome. */
  public CommandResult execute(Object command) {
    return execute(command, CommandOptions.none());
  }

  /**
   * Runs {@code command} and waits for the outcome.
   *
   * <p>With {@link CommandOptions#inCallerTransaction()} the command joins the caller's active JTA
   * transaction: its events (and idempotency record) commit or roll back with the caller's own
   * work, it is not retried, and a conflict ({@link ConcurrencyConflictException}) or a rejection
   * marks the caller's transaction for rollback.
   */
  public CommandResult execute(Object command, CommandOptions options) {
    Command<?, ?> bound = handlers.bind(command);
    return measured(bound, options.withMetadataOf(callContext.complete(options.metadata())));
  }

  /** Runs {@code command} with default options on the container's managed executor. */
  public CompletionStage<CommandResult> executeAsync(Object command) {
    return executeAsync(command, CommandOptions.none());
  }

  /**
   * Runs {@code command} on the container's default {@link ManagedExecutorService}. The command is
   * bound and its metadata completed now, in the caller's thread; the stage completes with the
   * result or with the exception {@link #execute(Object, CommandOptions)} would throw.
   *
   * @throws IllegalArgumentException for {@link CommandOptions#inCallerTransaction()}: the caller's
   *     transaction cannot follow the command to another thread
   */
  public CompletionStage<CommandResult> executeAsync(Object command, CommandOptions options) {
    if (options.joinsCallerTransaction()) {
      throw new IllegalArgumentException(
          "A command cannot run asynchronously in the caller's transaction");
    }
    Command<?, ?> bound = handlers.bind(command);
    CommandOptions completed = options.withMetadataOf(callContext.complete(options.metadata()));
    return managedExecutor().supplyAsync(tracing.carried(() -> measured(bound, completed)));
  }

  /**
   * Looked up when first needed, in the caller's (container-managed) thread, rather than injected:
   * the executor bean may be created in a thread without a {@code java:comp} naming context (a
   * benchmark's load threads, for example), where resource injection would fail every command.
   */
  private ManagedExecutorService managedExecutor() {
    ManagedExecutorService found = managedExecutor;
    if (found == null) {
      try {
        found = InitialContext.doLookup(DEFAULT_MANAGED_EXECUTOR);
      } catch (NamingException e) {
        throw new IllegalStateException(
            "Asynchronous commands run on the container's managed executor, but "
                + DEFAULT_MANAGED_EXECUTOR
                + " cannot be found here: call executeAsync from a container-managed thread",
            e);
      }
      managedExecutor = found;
    }
    return found;
  }

  private <S, E> CommandResult measured(Command<S, E> command, CommandOptions given) {
    String type = command.commandType();
    try (TraceSpan span = tracing.start(CommandTracing.COMMAND)) {
      span.set("command.type", type);
      return measured(command, traced(named(given, type), span), span);
    }
  }

  private static CommandOptions named(CommandOptions given, String type) {
    return given.metadata().custom().containsKey(COMMAND_KEY)
        ? given
        : given.withMetadataOf(given.metadata().withCustom(COMMAND_KEY, type));
  }

  private static CommandOptions traced(CommandOptions given, TraceSpan span) {
    CommandOptions options = given;
    if (span.traceId().isPresent()
        && !options.metadata().custom().containsKey(TRACE_ID_KEY)
        && !options.metadata().custom().containsKey(SPAN_ID_KEY)) {
      options =
          options.withMetadataOf(
              options
                  .metadata()
                  .withCustom(TRACE_ID_KEY, span.traceId().get())
                  .withCustom(SPAN_ID_KEY, span.spanId().orElseThrow()));
    }
    return options;
  }

  private <S, E> CommandResult measured(
      Command<S, E> command, CommandOptions options, TraceSpan span) {
    String type = command.commandType();
    Tag commandTag = new Tag("command", type);
    Attempts attempts = new Attempts();
    long started = System.nanoTime();
    String outcome = "failed";
    CommandResult result = null;
    RuntimeException failure = null;
    try {
      CommandResult outcomeOfRun = run(command, options, attempts);
      result = outcomeOfRun.replayed() ? outcomeOfRun : outcomeOfRun.withAttempts(attempts.count());
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
      failure =
          new ConcurrencyConflictException(type, conflict.conflicts(), attempts.count(), conflict);
      throw failure;
    } catch (CommandException rejected) {
      outcome = "rejected";
      failure = rejected;
      throw rejected;
    } catch (RuntimeException other) {
      failure = other;
      throw other;
    } finally {
      long nanos = System.nanoTime() - started;
      int retriedConflicts = attempts.conflicts() - (outcome.equals("conflict-exhausted") ? 1 : 0);
      if (retriedConflicts > 0) {
        metrics
            .counter(
                "eventcore.command.outcomes", commandTag, new Tag("outcome", "conflict-retried"))
            .inc(retriedConflicts);
      }
      metrics.counter("eventcore.command.outcomes", commandTag, new Tag("outcome", outcome)).inc();
      metrics.histogram("eventcore.command.attempts", commandTag).update(attempts.count());
      metrics.timer("eventcore.command.duration", commandTag).update(Duration.ofNanos(nanos));
      List<StreamId> streams =
          result != null ? List.copyOf(result.streamVersions().keySet()) : declaredStreams(command);
      int events = result == null || result.replayed() ? 0 : result.events().size();
      span.set("command.success", result != null)
          .set("command.outcome", outcome)
          .set("command.attempts", attempts.count())
          .set("events.count", events)
          .set("streams.count", streams.size());
      if (failure != null) {
        span.failed(failure);
      }
      log.executed(
          type, streams, options.metadata(), outcome, attempts.count(), events, nanos, failure);
    }
  }

  /** The streams the command declares; none when it cannot even say (an invalid stream id). */
  private static List<StreamId> declaredStreams(Command<?, ?> command) {
    try {
      return List.copyOf(new LinkedHashSet<>(command.streams()));
    } catch (RuntimeException invalid) {
      return List.of();
    }
  }

  private <S, E> CommandResult run(
      Command<S, E> command, CommandOptions options, Attempts attempts) {
    if (!options.joinsCallerTransaction()) {
      return runner.run(command, options, attempts);
    }
    attempts.started();
    try (TraceSpan span = tracing.start(CommandTracing.ATTEMPT)) {
      span.set("eventcore.attempt", 1L).set("eventcore.caller-transaction", true);
      return attempt.runInCallerTransaction(command, options);
    } catch (StreamVersionConflictException conflict) {
      attempts.conflicted();
      hotStreams.record(conflict);
      throw conflict;
    } catch (TransactionalException noTransaction) {
      if (noTransaction.getCause() instanceof TransactionRequiredException) {
        throw new IllegalStateException(
            command.commandType()
                + " was asked to run in the caller's transaction, but the caller has no active"
                + " JTA transaction: call it from a @Transactional method, or drop"
                + " inCallerTransaction()",
            noTransaction);
      }
      throw noTransaction;
    }
  }
}
