package org.eventcore.application.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.command.EventCodec;
import org.eventcore.api.projection.FeedEvent;
import org.eventcore.api.projection.Projection.ErrorStrategy;
import org.eventcore.api.projection.TypedProjection;
import org.eventcore.application.command.EventCodecs;
import org.eventcore.application.projection.ProjectionProcessor.Step;
import org.eventcore.infrastructure.json.JsonbEventCodecs;
import org.eventcore.testing.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/**
 * The typed path without a container: the in-memory store, the real processor and runner, the
 * JSON-B codecs commands use, and an in-memory checkpoint store.
 */
class TypedProjectionTest {

  /** The events of the projection under test. */
  public sealed interface CounterEvent permits Incremented, Renamed {}

  public record Incremented(int by) implements CounterEvent {}

  public record Renamed(String name) implements CounterEvent {}

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final EventCodecs codecs = new JsonbEventCodecs();
  private final EventCodec<CounterEvent> codec = codecs.codecFor(CounterEvent.class);
  private final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();

  @Test
  void receivesOnlyEventsOfItsTypesFromItsStreamsDecodedWithWhereAndWhenTheyWereRecorded() {
    EventMetadata metadata = EventMetadata.EMPTY.withCorrelationId("c-1").withUserId("alice");
    append("counter-1", event(new Incremented(2), metadata));
    append("counter-1", NewEvent.of("SomethingElse", "{\"x\":1}", EventMetadata.EMPTY));
    append("other-1", event(new Incremented(5), EventMetadata.EMPTY)); // outside the prefix
    append("counter-2", event(new Renamed("two"), EventMetadata.EMPTY));
    append("counter-1", event(new Incremented(3), EventMetadata.EMPTY));
    Counters counters = new Counters(ErrorStrategy.RETRY);

    Step step = processor().step(DecodingProjection.of(counters, codecs), 100);

    assertThat(step).isInstanceOf(Step.Advanced.class);
    assertThat(((Step.Advanced) step).read()).isEqualTo(5);
    assertThat(((Step.Advanced) step).handled()).isEqualTo(3);
    assertThat(counters.seen)
        .extracting(FeedEvent::event)
        .containsExactly(new Incremented(2), new Renamed("two"), new Incremented(3));

    List<StoredEvent> stored = store.readFeed(FeedCursor.START, 100).events();
    assertThat(counters.seen)
        .containsExactly(
            expected(stored.get(0), new Incremented(2)),
            expected(stored.get(3), new Renamed("two")),
            expected(stored.get(4), new Incremented(3)));
    FeedEvent<CounterEvent> first = counters.seen.get(0);
    assertThat(first.streamId()).isEqualTo(StreamId.of("counter-1"));
    assertThat(first.version().value()).isEqualTo(1);
    assertThat(first.metadata().correlationId()).contains("c-1");
    assertThat(first.metadata().userId()).contains("alice");
    assertThat(counters.seen.get(2).version().value()).isEqualTo(3);
    assertThat(counters.seen.get(2).recorded().event()).isEqualTo(new Incremented(3));
    assertThat(checkpoints.checkpoint.eventsProcessed()).isEqualTo(3);
    assertThat(checkpoints.checkpoint.eventsRead()).isEqualTo(5);
  }

  @Test
  void itsEventTypesAreThoseOfTheCodecAndItsFiltersAreItsOwn() {
    Counters counters = new Counters(ErrorStrategy.STOP);

    DecodingProjection<CounterEvent> adapted = DecodingProjection.of(counters, codecs);

    assertThat(adapted.name()).isEqualTo("counters");
    assertThat(adapted.eventTypes())
        .isEqualTo(codec.typeNames())
        .containsExactlyInAnyOrder("Incremented", "Renamed");
    assertThat(adapted.streamPrefixes()).containsExactly("counter-");
    assertThat(adapted.onError()).isEqualTo(ErrorStrategy.STOP);
    adapted.reset();
    assertThat(counters.resets).isEqualTo(1);
  }

  @Test
  void underRetryAnUndecodableEventOfItsTypesHoldsTheBatchBackWithoutEffect() {
    append("counter-1", event(new Incremented(1), EventMetadata.EMPTY));
    append("counter-1", NewEvent.of("Incremented", "not json", EventMetadata.EMPTY));
    Counters counters = new Counters(ErrorStrategy.RETRY);
    ProjectionRunner runner = runner(counters);

    Duration rest = runner.runOnce();

    assertThat(rest).as("backs off: twice the poll interval").isEqualTo(Duration.ofMillis(100));
    assertThat(runner.lastError()).contains("Cannot read a Incremented");
    assertThat(counters.seen)
        .as("the whole batch is decoded before any of it is handed on")
        .isEmpty();
    assertThat(checkpoints.checkpoint.cursor()).isEqualTo(FeedCursor.START);
    assertThat(checkpoints.failedEvent).isEmpty();
  }

  @Test
  void underSkipAnUndecodableEventIsRecordedAndTheOthersAreHandled() {
    append("counter-1", event(new Incremented(1), EventMetadata.EMPTY));
    EventId poison =
        append("counter-1", NewEvent.of("Incremented", "not json", EventMetadata.EMPTY));
    append("counter-1", event(new Incremented(4), EventMetadata.EMPTY));
    Counters counters = new Counters(ErrorStrategy.SKIP);
    ProjectionRunner runner = runner(counters);

    runUntilIdle(runner);

    assertThat(counters.seen)
        .extracting(FeedEvent::event)
        .containsExactly(new Incremented(1), new Incremented(4));
    assertThat(checkpoints.failedEvent).contains(poison);
    assertThat(checkpoints.checkpoint.failure().orElseThrow())
        .contains("Cannot read a Incremented");
    assertThat(checkpoints.checkpoint.stopped()).isFalse();
    assertThat(checkpoints.checkpoint.cursor())
        .isEqualTo(store.readFeed(FeedCursor.START, 100).next());
  }

  @Test
  void underStopAnUndecodableEventStopsTheProjectionBeforeIt() {
    append("counter-1", event(new Incremented(1), EventMetadata.EMPTY));
    EventId poison = append("counter-1", NewEvent.of("Renamed", "[1, 2]", EventMetadata.EMPTY));
    append("counter-1", event(new Incremented(4), EventMetadata.EMPTY));
    Counters counters = new Counters(ErrorStrategy.STOP);
    ProjectionRunner runner = runner(counters);

    runUntilIdle(runner);

    assertThat(counters.seen).extracting(FeedEvent::event).containsExactly(new Incremented(1));
    assertThat(checkpoints.failedEvent).contains(poison);
    assertThat(checkpoints.checkpoint.stopped()).isTrue();
  }

  @Test
  void aFailureOfTheHandlerFollowsTheSameStrategy() {
    append("counter-1", event(new Incremented(1), EventMetadata.EMPTY));
    EventId refused = append("counter-1", event(new Incremented(-1), EventMetadata.EMPTY));
    Counters counters = new Counters(ErrorStrategy.SKIP);
    ProjectionRunner runner = runner(counters);

    runUntilIdle(runner);

    assertThat(counters.seen).extracting(FeedEvent::event).containsExactly(new Incremented(1));
    assertThat(checkpoints.failedEvent).contains(refused);
    assertThat(checkpoints.checkpoint.failure().orElseThrow()).contains("negative");
  }

  @Test
  void aCodecThatNamesNoTypesIsRefused() {
    EventCodecs empty =
        new EventCodecs() {
          @Override
          @SuppressWarnings("unchecked")
          public <E> EventCodec<E> codecFor(Class<E> eventType) {
            EventCodec<CounterEvent> real = codec;
            return (EventCodec<E>)
                new EventCodec<CounterEvent>() {
                  @Override
                  public Set<String> typeNames() {
                    return Set.of();
                  }

                  @Override
                  public String typeName(CounterEvent event) {
                    return real.typeName(event);
                  }

                  @Override
                  public String encode(CounterEvent event) {
                    return real.encode(event);
                  }

                  @Override
                  public CounterEvent decode(String typeName, int schemaVersion, String payload) {
                    return real.decode(typeName, schemaVersion, payload);
                  }
                };
          }
        };

    assertThatThrownBy(() -> DecodingProjection.of(new Counters(ErrorStrategy.RETRY), empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no event types");
  }

  /** Remembers what it was given; refuses a negative increment (a handler failure). */
  private static final class Counters implements TypedProjection<CounterEvent> {
    final List<FeedEvent<CounterEvent>> seen = new ArrayList<>();
    final ErrorStrategy strategy;
    int resets;

    Counters(ErrorStrategy strategy) {
      this.strategy = strategy;
    }

    @Override
    public String name() {
      return "counters";
    }

    @Override
    public Class<CounterEvent> eventType() {
      return CounterEvent.class;
    }

    @Override
    public Set<String> streamPrefixes() {
      return Set.of("counter-");
    }

    @Override
    public ErrorStrategy onError() {
      return strategy;
    }

    @Override
    public void handle(List<FeedEvent<CounterEvent>> events) {
      for (FeedEvent<CounterEvent> event : events) {
        if (event.event() instanceof Incremented incremented && incremented.by() < 0) {
          throw new IllegalStateException("a negative increment");
        }
      }
      seen.addAll(events); // after the checks: a failing batch has no effect
    }

    @Override
    public void reset() {
      resets++;
    }
  }

  private NewEvent event(CounterEvent event, EventMetadata metadata) {
    return NewEvent.of(codec.typeName(event), codec.encode(event), metadata);
  }

  private EventId append(String stream, NewEvent event) {
    store.append(
        List.of(new StreamWrite(StreamId.of(stream), ExpectedVersion.any(), List.of(event))));
    return event.id();
  }

  private static FeedEvent<CounterEvent> expected(StoredEvent stored, CounterEvent event) {
    return new FeedEvent<>(
        stored.id(),
        stored.streamId(),
        stored.version(),
        stored.globalPosition(),
        event,
        stored.metadata(),
        stored.recordedAt());
  }

  private ProjectionProcessor processor() {
    return new ProjectionProcessor(store, checkpoints, "node-a", Duration.ofSeconds(30));
  }

  /** Batches of 10; every step in its own "transaction" (the test has no rollback to model). */
  private ProjectionRunner runner(Counters counters) {
    return new ProjectionRunner(
        DecodingProjection.of(counters, codecs),
        TypedProjectionTest::inTransaction,
        p -> processor(),
        new ProjectionRunner.Settings(10, Duration.ofMillis(50), Duration.ofSeconds(1), 20));
  }

  private static <T> T inTransaction(java.util.function.Supplier<T> work) {
    return work.get();
  }

  private static void runUntilIdle(ProjectionRunner runner) {
    for (int round = 0; round < 10; round++) {
      if (!runner.runOnce().isZero()) {
        return;
      }
    }
  }

  /** One projection, one node; no leases to contend for. */
  private static final class InMemoryCheckpoints implements CheckpointStore {
    Checkpoint checkpoint =
        new Checkpoint(
            "counters",
            FeedCursor.START,
            0,
            0,
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.empty());
    Optional<EventId> failedEvent = Optional.empty();

    @Override
    public Optional<Checkpoint> claim(String projection, String node, Duration lease) {
      return Optional.of(checkpoint);
    }

    @Override
    public void advance(String projection, FeedCursor cursor, long read, long handled) {
      checkpoint =
          new Checkpoint(
              projection,
              cursor,
              checkpoint.eventsProcessed() + handled,
              checkpoint.eventsRead() + read,
              Optional.of("node-a"),
              checkpoint.stopped(),
              checkpoint.failure(),
              checkpoint.rebuild());
    }

    @Override
    public void recordFailure(
        String projection, EventId event, FeedCursor cursorOfEvent, String reason, boolean skip) {
      failedEvent = Optional.of(event);
      checkpoint =
          new Checkpoint(
              projection,
              skip ? cursorOfEvent : checkpoint.cursor(),
              checkpoint.eventsProcessed(),
              checkpoint.eventsRead() + (skip ? 1 : 0),
              checkpoint.owner(),
              !skip,
              Optional.of(event + ": " + reason),
              checkpoint.rebuild());
    }

    @Override
    public long startRebuild(String projection) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void finishRebuild(String projection) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void resume(String projection) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void release(String projection, String node) {}

    @Override
    public Lag lag(String projection) {
      return new Lag(0, 0);
    }

    @Override
    public Optional<Checkpoint> find(String projection) {
      return Optional.of(checkpoint);
    }
  }
}
