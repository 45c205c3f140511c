package org.eventcore.application.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.BusinessRuleViolationException;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.Stream;
import org.eventcore.application.command.state.CommandStates;
import org.eventcore.application.tracing.CommandTracing;
import org.eventcore.application.tracing.TraceSpan;
import org.eventcore.infrastructure.json.JsonbEventCodecs;
import org.eventcore.testing.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/** The phases of one attempt as spans of the {@link CommandTracing} port (ADR 0015). */
class CommandProcessorTracingTest {

  public record Noted(String text) {}

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final Recording tracing = new Recording();
  private final CommandProcessor processor =
      new CommandProcessor(store, new JsonbEventCodecs(), 10, CommandStates.none(), null, tracing);

  /** Reads {@code first}; when {@code alsoRead} is set, discovers it in the first round. */
  record Note(@Stream StreamId first, StreamId alsoRead, boolean refuse)
      implements Command<Integer, Noted> {
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
      if (alsoRead != null) {
        context.readAlso(List.of(alsoRead));
      }
      context.require(!refuse, "Refused after %d events", seen);
      context.emit(first, new Noted("seen " + seen));
      if (alsoRead != null) {
        context.emit(alsoRead, new Noted("seen " + seen));
      }
    }
  }

  @Test
  void anAttemptIsReadFoldDecideAndAppendInThatOrderEachAChildOfTheCallersSpan() {
    StreamId notes = StreamId.of("notes-" + System.nanoTime());
    processor.process(new Note(notes, null, false), EventMetadata.EMPTY);
    processor.process(new Note(notes, null, false), EventMetadata.EMPTY);
    tracing.spans.clear();

    try (TraceSpan caller = tracing.start("caller")) {
      processor.process(new Note(notes, null, false), EventMetadata.EMPTY);
    }

    assertThat(tracing.names())
        .containsExactly(
            "eventcore.read-streams",
            "eventcore.fold",
            "eventcore.decide",
            "eventcore.append",
            "caller");
    assertThat(tracing.spans).allSatisfy(s -> assertThat(s.closed).isTrue());
    assertThat(tracing.spans.subList(0, 4))
        .allSatisfy(s -> assertThat(s.parent).isEqualTo("caller"));
    assertThat(tracing.named("eventcore.read-streams").attributes)
        .containsEntry("streams.count", 1L)
        .containsEntry("events.count", 2L);
    assertThat(tracing.named("eventcore.append").attributes)
        .containsEntry("streams.count", 1L)
        .containsEntry("events.count", 1L);
  }

  @Test
  void eachDiscoveryRoundIsReadFoldAndDecideAgain() {
    StreamId first = StreamId.of("first-" + System.nanoTime());
    StreamId found = StreamId.of("found-" + System.nanoTime());

    processor.process(new Note(first, found, false), EventMetadata.EMPTY);

    assertThat(tracing.names())
        .containsExactly(
            "eventcore.read-streams",
            "eventcore.fold",
            "eventcore.decide",
            "eventcore.read-streams",
            "eventcore.fold",
            "eventcore.decide",
            "eventcore.append");
    assertThat(tracing.spans.get(2).attributes).containsEntry("eventcore.streams.discovered", 1L);
    assertThat(tracing.spans.get(3).attributes).containsEntry("streams.count", 2L);
    assertThat(tracing.named("eventcore.append").attributes).containsEntry("streams.count", 2L);
  }

  @Test
  void aRefusedDecisionIsAFailedSpanAndNothingIsAppended() {
    StreamId notes = StreamId.of("refused-" + System.nanoTime());

    assertThatThrownBy(() -> processor.process(new Note(notes, null, true), EventMetadata.EMPTY))
        .isInstanceOf(BusinessRuleViolationException.class);

    assertThat(tracing.names())
        .containsExactly("eventcore.read-streams", "eventcore.fold", "eventcore.decide");
    assertThat(tracing.named("eventcore.decide").failure)
        .isEqualTo("BusinessRuleViolationException");
    assertThat(tracing.spans).allSatisfy(s -> assertThat(s.closed).isTrue());
  }

  /** Records spans in the order they close, with the span that was current when each opened. */
  static final class Recording implements CommandTracing {
    final List<Recorded> spans = new ArrayList<>();
    private final Deque<Recorded> current = new ArrayDeque<>();

    @Override
    public TraceSpan start(String name) {
      Recorded span = new Recorded(name, current.isEmpty() ? null : current.peek().name);
      current.push(span);
      return span;
    }

    @Override
    public <T> Supplier<T> carried(Supplier<T> work) {
      return work;
    }

    List<String> names() {
      return spans.stream().map(s -> s.name).toList();
    }

    Recorded named(String name) {
      return spans.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    final class Recorded implements TraceSpan {
      final String name;
      final String parent;
      final Map<String, Object> attributes = new LinkedHashMap<>();
      String failure;
      boolean closed;

      Recorded(String name, String parent) {
        this.name = name;
        this.parent = parent;
      }

      @Override
      public TraceSpan set(String key, String value) {
        attributes.put(key, value);
        return this;
      }

      @Override
      public TraceSpan set(String key, long value) {
        attributes.put(key, value);
        return this;
      }

      @Override
      public TraceSpan set(String key, boolean value) {
        attributes.put(key, value);
        return this;
      }

      @Override
      public TraceSpan failed(Throwable error) {
        failure = error.getClass().getSimpleName();
        return this;
      }

      @Override
      public Optional<String> traceId() {
        return Optional.empty();
      }

      @Override
      public Optional<String> spanId() {
        return Optional.empty();
      }

      @Override
      public void close() {
        assertThat(current.pop()).as("spans close in the order they opened").isSameAs(this);
        closed = true;
        spans.add(this);
      }
    }
  }
}
