package org.eventcore.application.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.eventcore.api.ErrorCode;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.CommandException;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.Stream;
import org.eventcore.infrastructure.json.JsonbEventCodecs;
import org.eventcore.testing.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/**
 * The executor's single attempt: declarations, discovery, stream access, checks of read streams.
 */
class CommandProcessorTest {

  /** A minimal event type. */
  public record Noted(String text) {}

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final CommandProcessor processor =
      new CommandProcessor(store, new JsonbEventCodecs(), 10);

  private abstract static class Base<S> implements Command<S, Noted> {
    @Override
    public Class<Noted> eventType() {
      return Noted.class;
    }
  }

  record WriteTo(@Stream StreamId declared, StreamId target) implements Command<Integer, Noted> {
    @Override
    public Class<Noted> eventType() {
      return Noted.class;
    }

    @Override
    public Integer initialState() {
      return 0;
    }

    @Override
    public Integer apply(Integer state, RecordedEvent<Noted> event) {
      return state + 1;
    }

    @Override
    public void handle(Integer state, CommandContext<Noted> context) {
      context.emit(target, new Noted("hello"));
    }
  }

  record Many(@Stream List<StreamId> streams) implements Command<Integer, Noted> {
    @Override
    public Class<Noted> eventType() {
      return Noted.class;
    }

    @Override
    public Integer initialState() {
      return 0;
    }

    @Override
    public Integer apply(Integer state, RecordedEvent<Noted> event) {
      return state + 1;
    }

    @Override
    public void handle(Integer seen, CommandContext<Noted> context) {
      streams.forEach(s -> context.emit(s, new Noted("seen " + seen)));
    }
  }

  @Test
  void emittingToAnUndeclaredStreamIsRefusedWithCe007AndWritesNothing() {
    StreamId declared = StreamId.of("declared");
    StreamId other = StreamId.of("other");
    assertThatThrownBy(() -> processor.process(new WriteTo(declared, other), EventMetadata.EMPTY))
        .isInstanceOfSatisfying(
            CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CE007))
        .hasMessageContaining("cannot write to other");
    assertThat(store.currentVersions(List.of(declared, other)).values())
        .containsOnly(StreamVersion.EMPTY);
  }

  @Test
  void aCollectionOfStreamsCanBeDeclaredAndEveryOneIsRead() {
    StreamId a = StreamId.of("many-a");
    StreamId b = StreamId.of("many-b");
    store.append(
        List.of(
            new StreamWrite(
                a,
                ExpectedVersion.any(),
                List.of(NewEvent.of("Noted", "{\"text\":\"x\"}", EventMetadata.EMPTY)))));

    CommandResult result = processor.process(new Many(List.of(a, b)), EventMetadata.EMPTY);

    assertThat(result.streamVersions())
        .containsEntry(a, StreamVersion.of(2))
        .containsEntry(b, StreamVersion.of(1));
  }

  /** Discovers one new stream per round, forever. */
  static final class EndlessDiscovery extends Base<Integer> {
    @Override
    public List<StreamId> streams() {
      return List.of(StreamId.of("endless-0"));
    }

    @Override
    public Integer initialState() {
      return 0;
    }

    @Override
    public Integer apply(Integer state, RecordedEvent<Noted> event) {
      return state;
    }

    int rounds;

    @Override
    public void handle(Integer state, CommandContext<Noted> context) {
      rounds++;
      context.readAlso(StreamId.of("endless-" + rounds));
    }
  }

  @Test
  void discoveryThatNeverSettlesStopsWithCe008AfterTheConfiguredRounds() {
    EndlessDiscovery command = new EndlessDiscovery();
    assertThatThrownBy(() -> processor.process(command, EventMetadata.EMPTY))
        .isInstanceOfSatisfying(
            CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CE008));
    assertThat(command.rounds).isEqualTo(10);
  }

  /** Reads a limit stream but only writes another: the limit stream must still be checked. */
  static final class GuardedWrite extends Base<Integer> {
    final StreamId limit = StreamId.of("guard-limit");
    final StreamId target = StreamId.of("guard-target");
    final Runnable meanwhile;

    GuardedWrite(Runnable meanwhile) {
      this.meanwhile = meanwhile;
    }

    @Override
    public List<StreamId> streams() {
      return List.of(limit, target);
    }

    @Override
    public Integer initialState() {
      return 0;
    }

    @Override
    public Integer apply(Integer state, RecordedEvent<Noted> event) {
      return state + 1;
    }

    @Override
    public void handle(Integer state, CommandContext<Noted> context) {
      meanwhile.run();
      context.emit(target, new Noted("guarded"));
    }
  }

  @Test
  void aStreamThatWasOnlyReadIsCheckedAtTheAppend() {
    StreamId limit = StreamId.of("guard-limit");
    GuardedWrite command =
        new GuardedWrite(
            () ->
                store.append(
                    List.of(
                        new StreamWrite(
                            limit,
                            ExpectedVersion.any(),
                            List.of(
                                NewEvent.of(
                                    "Noted", "{\"text\":\"changed\"}", EventMetadata.EMPTY))))));
    assertThatThrownBy(() -> processor.process(command, EventMetadata.EMPTY))
        .isInstanceOf(org.eventcore.api.StreamVersionConflictException.class);
    assertThat(store.currentVersions(List.of(command.target)).get(command.target))
        .isEqualTo(StreamVersion.EMPTY);
  }

  @Test
  void aCommandWithoutStreamsIsInvalid() {
    record Nothing() implements Command<Integer, Noted> {
      @Override
      public Class<Noted> eventType() {
        return Noted.class;
      }

      @Override
      public Integer initialState() {
        return 0;
      }

      @Override
      public Integer apply(Integer state, RecordedEvent<Noted> event) {
        return state;
      }

      @Override
      public void handle(Integer state, CommandContext<Noted> context) {}
    }
    assertThatThrownBy(() -> processor.process(new Nothing(), EventMetadata.EMPTY))
        .isInstanceOfSatisfying(
            CommandException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CE001))
        .hasMessageContaining("declares no stream");
  }
}
