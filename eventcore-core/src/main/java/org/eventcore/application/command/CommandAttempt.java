package org.eventcore.application.command;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.EventStore;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommittedEvent;
import org.eventcore.application.command.state.CommandStates;
import org.eventcore.application.command.state.SnapshotStore;
import org.eventcore.application.tracing.CommandTracing;

/**
 * One attempt of a command in a JTA transaction: an idempotency claim when the command has a key,
 * then {@link CommandProcessor}, then the stored result. Any exception rolls the whole attempt
 * back, events and claim alike, and reaches the caller unwrapped.
 *
 * <ul>
 *   <li>{@link #run}: a new transaction ({@code REQUIRES_NEW}), the normal case. The processor
 *       reuses folded states ({@link CommandStateReuse}); that is safe because the transaction is
 *       new and writes no events before the processor reads, so every state it folds, and hands to
 *       the cache, is made of committed events only.
 *   <li>{@link #runInCallerTransaction}: the caller's transaction ({@code MANDATORY}). It may have
 *       written events already, so states are folded from the first event and never cached. A
 *       failure marks the caller's transaction for rollback.
 * </ul>
 *
 * <p>Every event written is fired as CDI events qualified {@link Committed} — the domain event and
 * its {@link CommittedEvent} — inside the transaction; {@code AFTER_SUCCESS} observers see them
 * once it has committed.
 */
@ApplicationScoped
public class CommandAttempt {

  @Inject EventStore eventStore;
  @Inject EventCodecs codecs;
  @Inject IdempotencyStore idempotency;
  @Inject CommandStateReuse stateReuse;
  @Inject SnapshotStore snapshots;
  @Inject @Committed Event<Object> committed;
  @Inject CommandTracing tracing;

  @Inject
  @ConfigProperty(name = "eventcore.command.max-discovery-rounds", defaultValue = "10")
  int maxDiscoveryRounds;

  private CommandProcessor processor;
  private CommandProcessor processorWithoutReuse;

  /**
   * The {@code @Committed} events, selected once per event class (this is the command's hot path).
   */
  private final Map<Class<?>, Event<Object>> byEventClass = new ConcurrentHashMap<>();

  private Event<CommittedEvent> envelopes;

  @PostConstruct
  void init() {
    processor =
        new CommandProcessor(
            eventStore, codecs, maxDiscoveryRounds, stateReuse.states(), snapshots, tracing);
    processorWithoutReuse =
        new CommandProcessor(
            eventStore, codecs, maxDiscoveryRounds, CommandStates.none(), null, tracing);
    envelopes = committed.select(CommittedEvent.class);
  }

  /** One attempt in a transaction of its own. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <S, E> CommandResult run(Command<S, E> command, CommandOptions options) {
    return attempt(processor, command, options);
  }

  /**
   * One attempt in a transaction of its own that hands what it decided to {@code beforeCommit} just
   * before the transaction commits, so that a commit that fails without an answer can be looked up
   * ({@link CommitOutcomes}).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <S, E> CommandResult run(
      Command<S, E> command, CommandOptions options, Consumer<CommandResult> beforeCommit) {
    CommandResult result = attempt(processor, command, options);
    beforeCommit.accept(result);
    return result;
  }

  /**
   * The command inside the caller's active transaction.
   *
   * @throws jakarta.transaction.TransactionalException when the caller has no transaction
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public <S, E> CommandResult runInCallerTransaction(
      Command<S, E> command, CommandOptions options) {
    return attempt(processorWithoutReuse, command, options);
  }

  private <S, E> CommandResult attempt(
      CommandProcessor with, Command<S, E> command, CommandOptions options) {
    Optional<String> key = options.idempotencyKey();
    if (key.isPresent()) {
      Optional<CommandResult> earlier =
          idempotency.claim(
              key.get(), command.commandType(), RequestFingerprint.ofCommand(command));
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    CommandResult result = with.process(command, options.metadata(), this::fire);
    key.ifPresent(k -> idempotency.complete(k, result));
    return result;
  }

  private void fire(List<CommittedEvent> events) {
    for (CommittedEvent event : events) {
      byEventClass.computeIfAbsent(event.event().getClass(), this::selectFor).fire(event.event());
      envelopes.fire(event);
    }
  }

  @SuppressWarnings("unchecked")
  private Event<Object> selectFor(Class<?> eventClass) {
    return (Event<Object>) committed.select(eventClass);
  }
}
