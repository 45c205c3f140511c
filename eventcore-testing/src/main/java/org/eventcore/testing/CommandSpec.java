package org.eventcore.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eventcore.api.ErrorCode;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandException;
import org.eventcore.api.command.CommandHandler;
import org.eventcore.api.command.CommandHandlerTypes;
import org.eventcore.api.command.EventCodec;
import org.eventcore.api.command.HandledCommand;
import org.eventcore.api.command.StreamIdentity;
import org.eventcore.application.command.CommandProcessor;
import org.eventcore.application.command.CommandResult;
import org.eventcore.application.command.EventCodecs;

/**
 * Given events, when a command runs, then these events or this error — without a container. The
 * command runs through the real {@link CommandProcessor} (discovery, version checks, codec) on an
 * {@link InMemoryEventStore}.
 *
 * <pre>{@code
 * CommandSpec.of(BankingEvent.class, codecs)
 *     .given(alice, new AccountOpened("alice", "Alice", 100))
 *     .when(new Withdraw(alice, 30))
 *     .thenEvents(alice, new MoneyWithdrawn("alice", 30));
 *
 * CommandSpec.of(BankingEvent.class, codecs)
 *     .handledBy(new TransferMoneyHandler(TransferLimit.of(500)))  // a handler bean, built by hand
 *     .given(alice, new AccountOpened("alice", "Alice", 1000))
 *     .given(bob, new AccountOpened("bob", "Bob", 0))
 *     .when(new TransferMoney(alice, bob, 600))
 *     .thenRejected(ErrorCode.CE002, "limit");
 * }</pre>
 *
 * @param <E> the event type of the commands under test
 */
public final class CommandSpec<E> {

  private final EventCodecs codecs;
  private final EventCodec<E> codec;
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final Map<StreamId, StreamVersion> givenVersions = new LinkedHashMap<>();
  private final Map<Class<?>, CommandHandler<?, ?, E>> handlers = new HashMap<>();

  private CommandSpec(Class<E> eventType, EventCodecs codecs) {
    this.codecs = Objects.requireNonNull(codecs, "codecs");
    this.codec = codecs.codecFor(eventType);
  }

  public static <E> CommandSpec<E> of(Class<E> eventType, EventCodecs codecs) {
    return new CommandSpec<>(eventType, codecs);
  }

  /** Events that happened on {@code stream} before the command. */
  @SafeVarargs
  public final CommandSpec<E> given(StreamId stream, E... events) {
    List<NewEvent> stored = new ArrayList<>();
    for (E event : events) {
      stored.add(
          new NewEvent(
              EventId.generate(),
              codec.typeName(event),
              codec.schemaVersion(event),
              codec.encode(event),
              EventMetadata.EMPTY));
    }
    StreamVersion version =
        store
            .append(List.of(new StreamWrite(stream, ExpectedVersion.any(), stored)))
            .streamVersions()
            .get(stream);
    givenVersions.put(stream, version);
    return this;
  }

  @SafeVarargs
  public final CommandSpec<E> given(StreamIdentity stream, E... events) {
    return given(stream.streamId(), events);
  }

  /**
   * Lets {@code handler} decide the commands of its type, as its bean would in the server: build it
   * with the collaborators the test chooses (a fixed clock, a limit, a stub service).
   *
   * @throws IllegalArgumentException when the handler's types do not fit, or its command type
   *     already has a handler in this spec
   */
  public CommandSpec<E> handledBy(CommandHandler<?, ?, E> handler) {
    CommandHandlerTypes types = CommandHandlerTypes.of(handler.getClass());
    if (handlers.putIfAbsent(types.commandType(), handler) != null) {
      throw new IllegalArgumentException(types.commandType().getName() + " has a handler already");
    }
    return this;
  }

  /**
   * Runs {@code command} once: a {@link Command}, or a command record whose handler was given with
   * {@link #handledBy}.
   */
  public Outcome<E> when(Object command) {
    CommandProcessor processor =
        new CommandProcessor(store, codecs, CommandProcessor.DEFAULT_MAX_DISCOVERY_ROUNDS);
    try {
      return new Outcome<>(this, processor.process(bind(command), EventMetadata.EMPTY), null);
    } catch (CommandException e) {
      return new Outcome<>(this, null, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Command<?, ?> bind(Object command) {
    if (command instanceof Command<?, ?> selfHandling) {
      return selfHandling;
    }
    CommandHandler handler = handlers.get(command.getClass());
    if (handler == null) {
      throw new IllegalArgumentException(
          command.getClass().getName()
              + " is not a Command and no handler for it was given with handledBy(…)");
    }
    return HandledCommand.of(command, handler);
  }

  List<E> writtenTo(StreamId stream) {
    long after = givenVersions.getOrDefault(stream, StreamVersion.EMPTY).value();
    List<E> events = new ArrayList<>();
    for (StoredEvent stored :
        store.read(stream, ReadOptions.forwardFrom(after + 1, 10_000)).events()) {
      events.add(codec.decode(stored.type(), stored.schemaVersion(), stored.payload()));
    }
    return events;
  }

  /**
   * What the command did. Each {@code then…} throws {@link AssertionError} when it does not hold.
   */
  public static final class Outcome<E> {
    private final CommandSpec<E> spec;
    private final CommandResult result;
    private final CommandException failure;

    private Outcome(CommandSpec<E> spec, CommandResult result, CommandException failure) {
      this.spec = spec;
      this.result = result;
      this.failure = failure;
    }

    /** The command succeeded and wrote exactly these events to {@code stream}, in this order. */
    @SafeVarargs
    public final Outcome<E> thenEvents(StreamId stream, E... expected) {
      requireSuccess();
      List<E> actual = spec.writtenTo(stream);
      if (!actual.equals(Arrays.asList(expected))) {
        throw new AssertionError(
            "Events written to "
                + stream
                + "\n  expected: "
                + Arrays.asList(expected)
                + "\n  but were: "
                + actual);
      }
      return this;
    }

    @SafeVarargs
    public final Outcome<E> thenEvents(StreamIdentity stream, E... expected) {
      return thenEvents(stream.streamId(), expected);
    }

    /** The command succeeded and wrote no event at all. */
    public Outcome<E> thenNoEvents() {
      requireSuccess();
      if (!result.events().isEmpty()) {
        throw new AssertionError("Expected no events but the command wrote " + result.events());
      }
      return this;
    }

    /** The command was refused with {@code code}, with a message containing {@code fragment}. */
    public Outcome<E> thenRejected(ErrorCode code, String fragment) {
      if (failure == null) {
        throw new AssertionError(
            "Expected a rejection "
                + code
                + " but the command succeeded and wrote "
                + result.events());
      }
      if (failure.code() != code || !failure.getMessage().contains(fragment)) {
        throw new AssertionError(
            "Expected "
                + code
                + " containing \""
                + fragment
                + "\" but got "
                + failure.code()
                + ": "
                + failure.getMessage(),
            failure);
      }
      return this;
    }

    /** The result of a successful command (for further checks). */
    public CommandResult result() {
      requireSuccess();
      return result;
    }

    private void requireSuccess() {
      if (failure != null) {
        throw new AssertionError("The command was rejected: " + failure.getMessage(), failure);
      }
    }
  }
}
