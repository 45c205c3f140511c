package org.eventcore.application.command;

import java.util.Objects;
import java.util.Optional;
import org.eventcore.api.EventMetadata;

/**
 * How to run one command.
 *
 * @param idempotencyKey when present, the command runs at most once for this key: a repeat returns
 *     the first execution's result and writes nothing
 * @param metadata stored with every event the command writes (correlation id, user, …)
 */
public record CommandOptions(Optional<String> idempotencyKey, EventMetadata metadata) {

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

  public static CommandOptions none() {
    return new CommandOptions(Optional.empty(), EventMetadata.EMPTY);
  }

  public static CommandOptions withMetadata(EventMetadata metadata) {
    return new CommandOptions(Optional.empty(), metadata);
  }

  public CommandOptions withIdempotencyKey(String key) {
    return new CommandOptions(Optional.of(key), metadata);
  }
}
