package org.eventcore.application.command.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.command.EventCodec;
import org.eventcore.application.command.CommandProcessor;
import org.eventcore.application.command.state.Ledger.Books;
import org.eventcore.application.command.state.Ledger.Deposit;
import org.eventcore.application.command.state.Ledger.Deposited;
import org.eventcore.application.command.state.Ledger.Entry;
import org.eventcore.application.command.state.Ledger.LastSeen;
import org.eventcore.application.command.state.Ledger.Move;
import org.eventcore.application.command.state.Ledger.PayFirstCreditor;
import org.eventcore.infrastructure.json.JsonbEventCodecs;
import org.eventcore.infrastructure.json.JsonbStateCodec;
import org.eventcore.testing.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/** The processor with state reuse, on the in-memory store: what is read, folded, kept. */
class CommandStatesTest {

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final JsonbEventCodecs codecs = new JsonbEventCodecs();
  private final EventCodec<Entry> codec = codecs.codecFor(Entry.class);
  private final CountingListener listener = new CountingListener();
  private final MemorySnapshots snapshots = new MemorySnapshots();

  private CommandStates states(int cacheEntries, boolean withSnapshots, long every) {
    return new CommandStates(
        new CommandStates.Settings(cacheEntries, withSnapshots, every, 4),
        new JsonbStateCodec(),
        snapshots::save,
        Runnable::run,
        listener);
  }

  private CommandProcessor processor(CommandStates states) {
    return new CommandProcessor(store, codecs, 10, states, snapshots);
  }

  private void deposit(StreamId stream, long amount, int times) {
    for (int i = 0; i < times; i++) {
      store.append(
          List.of(
              new StreamWrite(
                  stream,
                  ExpectedVersion.any(),
                  List.of(
                      NewEvent.of(
                          "Deposited",
                          codec.encode(new Deposited(amount)),
                          EventMetadata.EMPTY)))));
    }
  }

  @Test
  void aReusedStateIsExtendedWithOnlyTheNewEventsAndEqualsTheFullFold() {
    StreamId a = StreamId.of("reuse-a");
    StreamId b = StreamId.of("reuse-b");
    deposit(a, 10, 30);
    deposit(b, 5, 20);
    CommandProcessor processor = processor(states(100, false, 1));

    processor.process(new Move(a, b, 1), EventMetadata.EMPTY);
    assertThat(listener.count("miss")).isEqualTo(1);
    assertThat(listener.count("folded")).isEqualTo(50);

    deposit(b, 3, 2); // written "elsewhere" after the state was cached
    Move second = new Move(a, b, 1);
    processor.process(second, EventMetadata.EMPTY);

    assertThat(listener.count("hit")).isEqualTo(1);
    assertThat(listener.count("folded"))
        .as("the second attempt folds the first one's two events and the two deposits only")
        .isEqualTo(54);
    assertThat(second.seen().get())
        .isEqualTo(Ledger.rebuildUpTo(second.seen().get(), List.of(a, b), store, codec));
    assertThat(second.seen().get().of(a).version()).isEqualTo(31);
    assertThat(second.seen().get().of(b).version()).isEqualTo(23);
  }

  @Test
  void aCommandThatOptsOutAlwaysFoldsFromTheFirstEvent() {
    StreamId a = StreamId.of("optout-a");
    StreamId b = StreamId.of("optout-b");
    deposit(a, 1, 3);
    deposit(b, 1, 2);
    CommandStates states = states(100, true, 1);
    CommandProcessor processor = processor(states);

    LastSeen first = new LastSeen(a, b, false, new AtomicReference<>());
    processor.process(first, EventMetadata.EMPTY);
    processor.process(first, EventMetadata.EMPTY);

    assertThat(listener.count("folded")).as("nothing reused: not even counted").isZero();
    assertThat(states.cache().size()).isZero();
    assertThat(snapshots.stored).isEmpty();
    assertThat(first.seen().get()).isEqualTo("optout-b@2");
  }

  /**
   * Why the contract asks events of different streams to commute: a fold that does not, and still
   * claims reuse, decides on another state than the full fold would. (It must opt out.)
   */
  @Test
  void aFoldThatBreaksTheCommutationRuleWouldSeeAnotherStateWhenReused() {
    StreamId a = StreamId.of("lastseen-a");
    StreamId b = StreamId.of("lastseen-b");
    deposit(a, 1, 1);
    deposit(b, 1, 1);
    CommandProcessor processor = processor(states(100, false, 1));
    processor.process(new LastSeen(a, b, true, new AtomicReference<>()), EventMetadata.EMPTY);
    deposit(a, 1, 1);

    LastSeen reused = new LastSeen(a, b, true, new AtomicReference<>());
    processor.process(reused, EventMetadata.EMPTY);
    LastSeen rebuilt = new LastSeen(a, b, false, new AtomicReference<>());
    processor.process(rebuilt, EventMetadata.EMPTY);

    assertThat(rebuilt.seen().get()).isEqualTo("lastseen-b@1");
    assertThat(reused.seen().get()).isEqualTo("lastseen-a@2");
  }

  @Test
  void aCachedStateAheadOfTheStoreIsDiscardedAndTheStateFoldedFromTheStart() {
    StreamId a = StreamId.of("ahead-a");
    deposit(a, 10, 3);
    CommandStates states = states(100, false, 1);
    StateKey key = new StateKey("ledger", 1, List.of(a));
    // e.g. the database was restored from a backup older than the cached state
    states
        .cache()
        .put(key, new FoldedState(new Books(Map.of()), Map.of(a, StreamVersion.of(9)), 0));

    Deposit deposit = new Deposit(a, 1);
    processor(states).process(deposit, EventMetadata.EMPTY);

    assertThat(deposit.seen().get().of(a).balance()).isEqualTo(30);
    assertThat(deposit.seen().get().of(a).version()).isEqualTo(3);
    assertThat(deposit.seen().get())
        .isEqualTo(Ledger.rebuildUpTo(deposit.seen().get(), List.of(a), store, codec));
    assertThat(states.cache().get(key))
        .get()
        .extracting(f -> f.versions().get(a).value())
        .isEqualTo(3L);
  }

  @Test
  void eachDiscoveryRoundIsKeptUnderItsOwnBoundaryAndTheLargerOneBuildsOnTheSmaller() {
    StreamId directory = StreamId.of("dir");
    StreamId x = StreamId.of("dir-x");
    StreamId y = StreamId.of("dir-y");
    deposit(directory, 1, 4);
    deposit(x, 2, 3);
    deposit(y, 3, 2);
    CommandStates states = states(100, false, 1);
    CommandProcessor processor = processor(states);

    PayFirstCreditor first = new PayFirstCreditor(directory, 5, new AtomicReference<>());
    processor.process(first, EventMetadata.EMPTY);
    assertThat(listener.count("folded"))
        .as("round 2 reads only the discovered streams, on top of round 1's state")
        .isEqualTo(4 + 3 + 2);
    assertThat(states.cache().get(new StateKey("ledger", 1, List.of(directory)))).isPresent();
    assertThat(states.cache().get(new StateKey("ledger", 1, List.of(directory, x, y)))).isPresent();

    deposit(y, 1, 1);
    PayFirstCreditor second = new PayFirstCreditor(directory, 5, new AtomicReference<>());
    processor.process(second, EventMetadata.EMPTY);
    Books expected = Ledger.rebuild(second, List.of(directory, x, y), store, codec);
    assertThat(second.seen().get().of(x))
        .isNotEqualTo(expected.of(x)); // x got this command's event
    assertThat(second.seen().get())
        .isEqualTo(Ledger.rebuildUpTo(second.seen().get(), List.of(directory, x, y), store, codec));
    assertThat(second.seen().get().of(y).version()).isEqualTo(3);
    assertThat(second.seen().get().of(x).version()).isEqualTo(4);
  }

  @Test
  void aSnapshotIsWrittenEveryNEventsAndAColdStartUsesItWithTheTail() {
    StreamId a = StreamId.of("snap-a");
    deposit(a, 1, 12);
    processor(states(100, true, 10)).process(new Deposit(a, 1), EventMetadata.EMPTY);
    assertThat(listener.count("snapshot-written")).isEqualTo(1);
    assertThat(snapshots.stored.values())
        .singleElement()
        .extracting(s -> s.versions().get(a).value())
        .isEqualTo(12L);

    deposit(a, 1, 2);
    CommandStates restarted = states(100, true, 10); // an empty cache
    Deposit cold = new Deposit(a, 1);
    processor(restarted).process(cold, EventMetadata.EMPTY);

    assertThat(listener.count("snapshot-loaded")).isEqualTo(1);
    assertThat(listener.count("folded")).as("12, then the tail of 3").isEqualTo(12 + 3);
    assertThat(cold.seen().get().of(a).version()).isEqualTo(15);
    assertThat(cold.seen().get())
        .isEqualTo(Ledger.rebuildUpTo(cold.seen().get(), List.of(a), store, codec));
  }

  @Test
  void aFailingSnapshotWriteNeverFailsTheCommand() {
    StreamId a = StreamId.of("snapfail-a");
    deposit(a, 1, 5);
    CommandStates states =
        new CommandStates(
            new CommandStates.Settings(100, true, 1, 4),
            new JsonbStateCodec(),
            s -> {
              throw new IllegalStateException("disk full");
            },
            Runnable::run,
            listener);

    Deposit deposit = new Deposit(a, 1);
    new CommandProcessor(store, codecs, 10, states, snapshots)
        .process(deposit, EventMetadata.EMPTY);

    assertThat(listener.count("snapshot-failed")).isEqualTo(1);
    assertThat(store.currentVersions(List.of(a))).containsEntry(a, StreamVersion.of(6));
  }

  /** A state whose JSON form does not decode back to an equal state. */
  public record Opaque(Object value) {}

  @Test
  void aStateThatDoesNotSurviveTheJsonRoundTripIsNeverSnapshotted() {
    CommandStates states = states(100, true, 1);
    StateKey key = new StateKey("opaque", 1, List.of(StreamId.of("opaque")));
    FoldedState state =
        new FoldedState(
            new Opaque(new StringBuilder("x")),
            Map.of(StreamId.of("opaque"), StreamVersion.of(3)),
            0);
    states.folded(new Deposit(StreamId.of("opaque"), 1), key, state, 3);

    assertThat(listener.count("snapshot-skipped-not-round-trippable")).isEqualTo(1);
    assertThat(snapshots.stored).isEmpty();
  }

  /**
   * Reuse switched off (no cache entries, no snapshots) with a real listener and snapshot store:
   * every command folds its streams from the first event, and nothing is looked up, cached or
   * snapshotted — a processor that still used the cache would count a hit on the second command.
   */
  @Test
  void withoutReuseNothingIsCachedOrSnapshotted() {
    StreamId a = StreamId.of("none-a");
    deposit(a, 1, 3);
    CommandStates states = states(0, false, 1);
    CommandProcessor processor = processor(states);

    Deposit first = new Deposit(a, 1);
    processor.process(first, EventMetadata.EMPTY);
    deposit(a, 10, 1); // written "elsewhere" between the two commands
    Deposit second = new Deposit(a, 1);
    processor.process(second, EventMetadata.EMPTY);

    assertThat(states.enabled()).isFalse();
    assertThat(first.seen().get().of(a).balance()).isEqualTo(3);
    assertThat(second.seen().get().of(a).balance())
        .as("the full fold: three deposits, the first command's and the one written elsewhere")
        .isEqualTo(3 + 1 + 10);
    assertThat(second.seen().get())
        .isEqualTo(Ledger.rebuildUpTo(second.seen().get(), List.of(a), store, codec));
    assertThat(listener.counts).as("no look-up, hit, miss, fold count or snapshot").isEmpty();
    assertThat(snapshots.stored).isEmpty();
    assertThat(CommandStates.none().enabled()).isFalse();
  }
}
