package org.eventcore.application.command;

import java.util.Objects;
import java.util.Optional;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.command.CommittedEvent;

/**
 * How to run one command.
 *
 * @param idempotencyKey when present, the command runs at most once for this key: a repeat of the
 *     same command returns the first execution's result and writes nothing; a different command
 *     with the key is refused ({@link org.eventcore.api.command.IdempotencyKeyReusedException},
 *     CE009). Keys are kept for {@code eventcore.idempotency.retention-seconds}.
 * @param metadata stored with every event the command writes; what it leaves empty — correlation
 *     id, causation id, user — the executor fills in from the caller's context (see {@link
 *     CommandCallContext})
 * @param joinsCallerTransaction run the command inside the caller's active JTA transaction instead
 *     of a transaction of its own: its events commit or roll back with the caller's other work, and
 *     it is not retried (see {@link CommandExecutor#execute(Object, CommandOptions)})
 */
public record CommandOptions(
    Optional<String> idempotencyKey, EventMetadata metadata, boolean joinsCallerTransaction) {

  /** The longest accepted idempotency key. */
  public static final int MAX_KEY_LENGTH = 255;

  public CommandOptions {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(metadata, "metadata");
    idempotencyKey.ifPresent(
        key -> {
          if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                "An idempotency key has 1 to " + MAX_KEY_LENGTH + " characters");
          }
        });
  }

  /** Its own transaction, retried on conflict, no idempotency key, metadata from the context. */
  public static CommandOptions none() {
    return new CommandOptions(Optional.empty(), EventMetadata.EMPTY, false);
  }

  public static CommandOptions withMetadata(EventMetadata metadata) {
    return new CommandOptions(Optional.empty(), metadata, false);
  }

  /**
   * For a command caused by {@code event} (a process reacting to it): the event's id is the
   * causation id of everything the command writes, and its correlation id carries on.
   */
  public static CommandOptions causedBy(CommittedEvent event) {
    EventMetadata metadata = EventMetadata.EMPTY.withCausationId(event.eventId().toString());
    if (event.metadata().correlationId().isPresent()) {
      metadata = metadata.withCorrelationId(event.metadata().correlationId().get());
    }
    return withMetadata(metadata);
  }

  public CommandOptions withIdempotencyKey(String key) {
    return new CommandOptions(Optional.of(key), metadata, joinsCallerTransaction);
  }

  public CommandOptions withMetadataOf(EventMetadata newMetadata) {
    return new CommandOptions(idempotencyKey, newMetadata, joinsCallerTransaction);
  }

  /**
   * These options, but inside the caller's JTA transaction: no transaction of its own, no retry; a
   * conflict or a rejection marks the caller's transaction for rollback.
   */
  public CommandOptions inCallerTransaction() {
    return new CommandOptions(idempotencyKey, metadata, true);
  }
}
