package org.eventcore.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.eventcore.api.StreamId;
import org.junit.jupiter.api.Test;

class CommandHandlerTypesTest {

  record Rename(@Stream StreamId item, String name) {}

  record State(String name) {}

  sealed interface ItemEvent permits Renamed {}

  record Renamed(String name) implements ItemEvent {}

  static class RenameHandler implements CommandHandler<Rename, State, ItemEvent> {
    @Override
    public State initialState() {
      return new State("");
    }

    @Override
    public State apply(State state, RecordedEvent<ItemEvent> event) {
      return new State(((Renamed) event.event()).name());
    }

    @Override
    public void handle(Rename command, State state, CommandContext<ItemEvent> context) {
      context.emit(command.item(), new Renamed(command.name()));
    }
  }

  /** A generic base class that a concrete handler binds. */
  abstract static class BaseHandler<C, E> implements CommandHandler<C, State, E> {
    @Override
    public State initialState() {
      return new State("");
    }

    @Override
    public State apply(State state, RecordedEvent<E> event) {
      return state;
    }
  }

  static class BoundThroughBase extends BaseHandler<Rename, ItemEvent> {
    @Override
    public void handle(Rename command, State state, CommandContext<ItemEvent> context) {}
  }

  /** Does not say which command it handles. */
  static class Unbound<C> extends BaseHandler<C, ItemEvent> {
    @Override
    public void handle(C command, State state, CommandContext<ItemEvent> context) {}
  }

  record SelfHandling(@Stream StreamId item) implements Command<State, ItemEvent> {
    @Override
    public Class<ItemEvent> eventType() {
      return ItemEvent.class;
    }

    @Override
    public State initialState() {
      return new State("");
    }

    @Override
    public State apply(State state, RecordedEvent<ItemEvent> event) {
      return state;
    }

    @Override
    public void handle(State state, CommandContext<ItemEvent> context) {}
  }

  static class HandlesSelfHandling extends BaseHandler<SelfHandling, ItemEvent> {
    @Override
    public void handle(SelfHandling command, State state, CommandContext<ItemEvent> context) {}
  }

  record NoStreams(String name) {}

  static class HandlesNoStreams extends BaseHandler<NoStreams, ItemEvent> {
    @Override
    public void handle(NoStreams command, State state, CommandContext<ItemEvent> context) {}
  }

  static class ComputesStreams extends HandlesNoStreams {
    @Override
    public List<StreamId> streams(NoStreams command) {
      return List.of(StreamId.of("item-" + command.name()));
    }
  }

  @Test
  void readsTheTypesAHandlerGivesCommandHandler() {
    CommandHandlerTypes types = CommandHandlerTypes.of(RenameHandler.class);
    assertThat(types.commandType()).isEqualTo(Rename.class);
    assertThat(types.stateType()).isEqualTo(State.class);
    assertThat(types.eventType()).isEqualTo(ItemEvent.class);
    assertThat(types.handlerClass()).isEqualTo(RenameHandler.class);
  }

  @Test
  void followsTypeArgumentsThroughGenericSuperclasses() {
    CommandHandlerTypes types = CommandHandlerTypes.of(BoundThroughBase.class);
    assertThat(types.commandType()).isEqualTo(Rename.class);
    assertThat(types.stateType()).isEqualTo(State.class);
    assertThat(types.eventType()).isEqualTo(ItemEvent.class);
  }

  @Test
  void aHandlerThatDoesNotNameItsCommandTypeDoesNotFit() {
    assertThatThrownBy(() -> CommandHandlerTypes.of(Unbound.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Unbound.class.getName())
        .hasMessageContaining("does not name its command type");
  }

  @Test
  void aHandlerOfACommandThatHandlesItselfDoesNotFit() {
    assertThatThrownBy(() -> CommandHandlerTypes.of(HandlesSelfHandling.class))
        .hasMessageContaining(SelfHandling.class.getName())
        .hasMessageContaining("handles itself");
  }

  @Test
  void aCommandWithoutStreamsNeedsAHandlerThatComputesThem() {
    assertThatThrownBy(() -> CommandHandlerTypes.of(HandlesNoStreams.class))
        .hasMessageContaining("declares no stream");
    assertThat(CommandHandlerTypes.of(ComputesStreams.class).commandType())
        .isEqualTo(NoStreams.class);
  }

  @Test
  void aClassThatIsNoHandlerIsRefused() {
    assertThatThrownBy(() -> CommandHandlerTypes.of(String.class))
        .hasMessageContaining("does not implement");
  }

  @Test
  void aHandledCommandDelegatesToItsHandler() {
    StreamId item = StreamId.of("item-1");
    HandledCommand<Rename, State, ItemEvent> command =
        HandledCommand.of(new Rename(item, "new"), new RenameHandler());
    assertThat(command.streams()).containsExactly(item);
    assertThat(command.eventType()).isEqualTo(ItemEvent.class);
    assertThat(command.commandType()).isEqualTo("Rename");
    assertThat(command.stateReuse()).isEqualTo(StateReuse.as(Rename.class.getName(), 1));
  }
}
