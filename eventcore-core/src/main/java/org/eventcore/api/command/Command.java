package org.eventcore.api.command;

import java.util.List;
import org.eventcore.api.StreamId;

/**
 * A command: an intention that reads some streams, decides, and writes events atomically to some of
 * them. Implement it on a record.
 *
 * <pre>{@code
 * record TransferMoney(@Stream AccountId from, @Stream AccountId to, long amount)
 *     implements Command<Balances, BankingEvent> { ... }
 * }</pre>
 *
 * <p>The executor calls, for each attempt: {@link #streams()} → read those streams → {@link
 * #initialState()} and {@link #apply} for every event, stream after stream in declaration order,
 * each stream oldest first → {@link #handle}. {@code apply} must be a pure function of its
 * arguments; {@code handle} must not have side effects other than through the context, because a
 * conflict makes the executor run everything again with fresh state.
 *
 * @param <S> the state the decision needs, rebuilt from the streams on every attempt
 * @param <E> the type of the events (usually a sealed interface of records)
 */
public interface Command<S, E> {

  /**
   * The streams of the consistency boundary, in a stable order. By default the {@link Stream}
   * components of the record, in declaration order; override to compute them.
   */
  default List<StreamId> streams() {
    return StreamDeclarations.declaredBy(this);
  }

  /** The type of the events this command reads and writes. */
  Class<E> eventType();

  /** The state before any event. */
  S initialState();

  /** The state after {@code event}. Pure: no side effects, no clock, no I/O. */
  S apply(S state, RecordedEvent<E> event);

  /**
   * Decides: checks rules with {@link CommandContext#require}, emits events with {@link
   * CommandContext#emit}, and may ask for more streams with {@link CommandContext#readAlso}.
   */
  void handle(S state, CommandContext<E> context);

  /** The name used in metrics, logs and errors; the simple class name by default. */
  default String commandType() {
    return getClass().getSimpleName();
  }
}
