package org.eventcore.application.command;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.api.EventStore;
import org.eventcore.api.command.Command;
import org.eventcore.infrastructure.persistence.jpa.JpaEventStore;
import org.eventcore.infrastructure.persistence.jpa.JpaSnapshotStore;
import org.eventcore.testing.ChaosEventStore;

/**
 * One attempt of a command in a new JTA transaction ({@code REQUIRES_NEW}): an idempotency claim
 * when the command has a key, then {@link CommandProcessor}, then the stored result. Any exception
 * rolls the whole attempt back, events and claim alike, and reaches the caller unwrapped.
 *
 * <p>The processor reuses folded states ({@link CommandStateReuse}). That is safe here because the
 * transaction is new and writes no events before the processor reads: every state it folds, and
 * hands to the cache, is made of committed events only.
 */
@ApplicationScoped
public class CommandAttempt {

  @Inject JpaEventStore jpaEventStore;
  @Inject EventCodecs codecs;
  @Inject IdempotencyStore idempotency;
  @Inject CommandStateReuse stateReuse;
  @Inject JpaSnapshotStore snapshots;

  @Inject
  @ConfigProperty(name = "eventcore.command.max-discovery-rounds", defaultValue = "10")
  int maxDiscoveryRounds;

  /** Test-only chaos (ChaosEventStore): never set these in production. */
  @Inject
  @ConfigProperty(name = "eventcore.testing.chaos.failure-probability", defaultValue = "0")
  double chaosFailureProbability;

  @Inject
  @ConfigProperty(name = "eventcore.testing.chaos.conflict-probability", defaultValue = "0")
  double chaosConflictProbability;

  @Inject
  @ConfigProperty(name = "eventcore.testing.chaos.latency-ms", defaultValue = "0")
  long chaosLatencyMillis;

  private CommandProcessor processor;

  @PostConstruct
  void init() {
    EventStore store = jpaEventStore;
    if (chaosFailureProbability > 0 || chaosConflictProbability > 0 || chaosLatencyMillis > 0) {
      store =
          new ChaosEventStore(
              jpaEventStore,
              new ChaosEventStore.Settings(
                  chaosFailureProbability,
                  chaosConflictProbability,
                  Duration.ofMillis(chaosLatencyMillis)),
              new SplittableRandom());
    }
    processor =
        new CommandProcessor(store, codecs, maxDiscoveryRounds, stateReuse.states(), snapshots);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public <S, E> CommandResult run(Command<S, E> command, CommandOptions options) {
    Optional<String> key = options.idempotencyKey();
    if (key.isPresent()) {
      Optional<CommandResult> earlier = idempotency.claim(key.get(), command.commandType());
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    CommandResult result = processor.process(command, options.metadata());
    key.ifPresent(k -> idempotency.complete(k, result));
    return result;
  }
}
