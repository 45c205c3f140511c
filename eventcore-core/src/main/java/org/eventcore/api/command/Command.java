package org.eventcore.api.command;

import java.util.List;
import java.util.Optional;
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
 * <p>By default the executor does not fold from the first event every time: it keeps folded states
 * (in memory, and as snapshots in the database) and extends them with the events written since.
 * That is only correct under the contract of {@link StateReuse} — immutable state, a fold that
 * depends on nothing but the streams' events, and events of different streams that commute. A
 * command that breaks it overrides {@link #stateReuse()} to return {@link StateReuse#never()}.
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

  /**
   * Whether the executor may reuse this command's folded state (see {@link StateReuse} for the
   * contract). By default yes, under the command's class name, fold version 1: commands of one
   * class over the same streams share cached states and snapshots. Commands of different classes
   * with the same fold may return the same name.
   */
  default StateReuse stateReuse() {
    return StateReuse.as(getClass().getName(), 1);
  }

  /**
   * The command's state as one independent part per stream, if it is made that way: the executor
   * then caches and snapshots each stream's part on its own and composes the state from the parts
   * (see {@link PerStreamFold} for the contract), so that commands over changing combinations of
   * streams — transfers between random pairs of accounts — reuse what earlier commands folded. By
   * default empty: the state is folded with {@link #initialState()} and {@link #apply} and reused
   * under the whole list of streams.
   */
  default Optional<PerStreamFold<?, S, E>> perStreamFold() {
    return Optional.empty();
  }

  /** The name used in metrics, logs and errors; the simple class name by default. */
  default String commandType() {
    return getClass().getSimpleName();
  }
}
