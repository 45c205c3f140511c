package org.eventcore.api.command;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eventcore.api.StreamId;

/**
 * A command record bound to the {@link CommandHandler} that decides it, seen by the executor as one
 * {@link Command}. Built by the executor for each execution; tests build it to run a handler
 * without a container.
 *
 * @param <C> the command type
 * @param <S> the handler's state type
 * @param <E> the handler's event type
 */
public final class HandledCommand<C, S, E> implements Command<S, E> {

  private final C command;
  private final CommandHandler<C, S, E> handler;
  private final CommandHandlerTypes types;

  private HandledCommand(C command, CommandHandler<C, S, E> handler, CommandHandlerTypes types) {
    this.command = Objects.requireNonNull(command, "command");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.types = Objects.requireNonNull(types, "types");
    if (!types.commandType().isInstance(command)) {
      throw new IllegalArgumentException(
          types.handlerClass().getName()
              + " handles "
              + types.commandType().getName()
              + ", not "
              + command.getClass().getName());
    }
  }

  /**
   * Binds {@code command} to {@code handler}, whose types have already been read (a container proxy
   * of the handler does not show them).
   */
  public static <C, S, E> HandledCommand<C, S, E> of(
      C command, CommandHandler<C, S, E> handler, CommandHandlerTypes types) {
    return new HandledCommand<>(command, handler, types);
  }

  /**
   * Binds {@code command} to a plain handler object (not a container proxy), reading its types.
   *
   * @throws IllegalArgumentException when the handler's types do not fit (see {@link
   *     CommandHandlerTypes#of})
   */
  public static <C, S, E> HandledCommand<C, S, E> of(C command, CommandHandler<C, S, E> handler) {
    return new HandledCommand<>(command, handler, CommandHandlerTypes.of(handler.getClass()));
  }

  /** The command record. */
  public C command() {
    return command;
  }

  /** The types of the handler, its class among them. */
  public CommandHandlerTypes types() {
    return types;
  }

  @Override
  public List<StreamId> streams() {
    return handler.streams(command);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Class<E> eventType() {
    return (Class<E>) types.eventType();
  }

  @Override
  public S initialState() {
    return handler.initialState();
  }

  @Override
  public S apply(S state, RecordedEvent<E> event) {
    return handler.apply(state, event);
  }

  @Override
  public void handle(S state, CommandContext<E> context) {
    handler.handle(command, state, context);
  }

  @Override
  public StateReuse stateReuse() {
    return handler.stateReuse(command);
  }

  @Override
  public Optional<PerStreamFold<?, S, E>> perStreamFold() {
    return handler.perStreamFold(command);
  }

  @Override
  public String commandType() {
    return handler.commandType(command);
  }

  @Override
  public String toString() {
    return command + " handled by " + types.handlerClass().getSimpleName();
  }
}
