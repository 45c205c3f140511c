package org.eventcore.api.command;

import java.util.List;
import java.util.Optional;
import org.eventcore.api.StreamId;

/**
 * Decides commands of one type: a CDI bean (usually {@code @ApplicationScoped}) that may inject
 * what its decision needs — configuration, a {@code Clock}, a policy, a reference-data service —
 * while the command stays a plain record whose {@link Stream} components declare its consistency
 * boundary.
 *
 * <pre>{@code
 * public record TransferMoney(@Stream AccountId from, @Stream AccountId to, long amount) {}
 *
 * @ApplicationScoped
 * public class TransferMoneyHandler
 *     implements CommandHandler<TransferMoney, TransferMoneyHandler.Accounts, BankingEvent> {
 *
 *   @Inject @ConfigProperty(name = "banking.transfer-limit", defaultValue = "1000000")
 *   long transferLimit;
 *
 *   public Accounts initialState() { return Accounts.NONE; }
 *
 *   public Accounts apply(Accounts accounts, RecordedEvent<BankingEvent> event) {
 *     return accounts.with(event.streamId(), event.event());
 *   }
 *
 *   public void handle(TransferMoney transfer, Accounts accounts, CommandContext<BankingEvent> context) {
 *     context.require(transfer.amount() <= transferLimit, "Above the limit of %d", transferLimit);
 *     context.require(accounts.balance(transfer.from()) >= transfer.amount(), "Insufficient funds");
 *     context.emit(transfer.from(), new TransferDebited(...));
 *     context.emit(transfer.to(), new TransferCredited(...));
 *   }
 * }
 *
 * // anywhere: a JAX-RS resource, an EJB, another bean
 * @Inject CommandExecutor commands;
 * commands.execute(new TransferMoney(alice, bob, 300));
 * }</pre>
 *
 * <p><b>How it runs.</b> For each attempt, in the attempt's JTA transaction: {@link
 * #streams(Object)} → read those streams → {@link #initialState()} and {@link #apply} for every
 * event, stream after stream in declaration order, each stream oldest first → {@link #handle}. A
 * conflict rolls the attempt back and the executor runs everything again with fresh state, so
 * {@code handle} is called once per attempt and must have no effect other than through the context
 * (or through the attempt's own transaction, which rolls back with it).
 *
 * <p><b>Found at deployment.</b> EventCore finds every bean that implements this interface and
 * fails the deployment — naming the classes — when a command type has two handlers, when a handler
 * does not say with concrete types which command, state and event types it works with, when it
 * handles a command that also handles itself ({@link Command}), or when a command record with
 * {@link Stream} components has no handler (records are seen in bean archives with {@code
 * bean-discovery-mode="all"}).
 *
 * <p><b>State reuse.</b> Like {@link Command}, a handler's fold may be reused between executions
 * (ADR 0005) under the contract of {@link StateReuse}: {@code apply} pure, states immutable, events
 * of different streams commute. By default states are shared under the command's class name; a
 * handler whose fold depends on its injected collaborators must return {@link StateReuse#never()}
 * (the decision in {@code handle} may use them freely).
 *
 * @param <C> the command type, a record
 * @param <S> the state the decision needs, rebuilt from the streams on every attempt
 * @param <E> the type of the events (usually a sealed interface of records)
 */
public interface CommandHandler<C, S, E> {

  /**
   * The streams of {@code command}'s consistency boundary, in a stable order. By default its {@link
   * Stream} components, in declaration order.
   */
  default List<StreamId> streams(C command) {
    return StreamDeclarations.declaredBy(command);
  }

  /** The state before any event. */
  S initialState();

  /** The state after {@code event}. Pure: no side effects, no clock, no I/O. */
  S apply(S state, RecordedEvent<E> event);

  /**
   * Decides: checks rules with {@link CommandContext#require}, emits events with {@link
   * CommandContext#emit}, and may ask for more streams with {@link CommandContext#readAlso}. Runs
   * inside the attempt's transaction, once per attempt.
   */
  void handle(C command, S state, CommandContext<E> context);

  /**
   * Whether the executor may reuse the folded state (see {@link StateReuse}). By default yes, under
   * the command's class name, fold version 1.
   */
  default StateReuse stateReuse(C command) {
    return StateReuse.as(command.getClass().getName(), 1);
  }

  /**
   * The state of {@code command} as one independent part per stream, if it is made that way (see
   * {@link Command#perStreamFold()} and {@link PerStreamFold}); by default empty.
   */
  default Optional<PerStreamFold<?, S, E>> perStreamFold(C command) {
    return Optional.empty();
  }

  /** The name of {@code command} in metrics, logs and errors; its simple class name by default. */
  default String commandType(C command) {
    return command.getClass().getSimpleName();
  }
}
