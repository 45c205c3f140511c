package org.eventcore.api.command;

import java.util.Collection;
import java.util.List;
import org.eventcore.api.StreamId;

/**
 * What a command's {@link Command#handle} may do.
 *
 * @param <E> the command's event type
 */
public interface CommandContext<E> {

  /**
   * Rejects the command unless {@code condition} holds.
   *
   * @param message the reason, a {@link String#format} pattern filled with {@code args}
   * @throws BusinessRuleViolationException (CE002) when the condition is false; never retried
   */
  void require(boolean condition, String message, Object... args);

  /**
   * Emits {@code event} to {@code streamId}. Events of one stream are appended in emission order.
   *
   * @throws UndeclaredStreamException (CE007) if the stream was neither declared nor discovered
   */
  void emit(StreamId streamId, E event);

  /** Emits to the stream of a domain identity. */
  default void emit(StreamIdentity identity, E event) {
    emit(identity.streamId(), event);
  }

  /**
   * Dynamic stream discovery: asks to read these streams too. If one of them has not been read yet,
   * this call does not return: the round ends, the executor reads the streams, folds again and
   * calls {@code handle} once more with the larger boundary. At most {@code
   * eventcore.command.max-discovery-rounds} rounds (default 10, CE008 beyond). Streams already read
   * make it return at once.
   */
  void readAlso(Collection<StreamId> streamIds);

  default void readAlso(StreamId... streamIds) {
    readAlso(List.of(streamIds));
  }

  /** Whether a stream is part of this round's boundary (declared or already discovered). */
  boolean isRead(StreamId streamId);
}
