package org.eventcore.application.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.EventStore;
import org.eventcore.api.EventStoreException;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.command.BusinessRuleViolationException;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.CommandValidationException;
import org.eventcore.api.command.CommittedEvent;
import org.eventcore.api.command.EventCodec;
import org.eventcore.api.command.PerStreamFold;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.StateReuse;
import org.eventcore.api.command.StreamDiscoveryLimitException;
import org.eventcore.api.command.UndeclaredStreamException;
import org.eventcore.application.command.state.CommandStates;
import org.eventcore.application.command.state.FoldedState;
import org.eventcore.application.command.state.SnapshotStore;
import org.eventcore.application.command.state.StateKey;
import org.eventcore.application.tracing.CommandTracing;
import org.eventcore.application.tracing.TraceSpan;

/**
 * One attempt of a command, in plain Java, inside whatever transaction the caller holds:
 *
 * <ol>
 *   <li>find a starting state: the command's initial state, or — when the command allows {@link
 *       StateReuse} — a folded state from the {@link CommandStates state cache or a snapshot} with
 *       the stream versions it reflects;
 *   <li>read, in one call, every stream of the boundary after the versions the starting state
 *       reflects (from the first event when there is none);
 *   <li>fold: {@code apply} for each event read, stream by stream in boundary order, each stream
 *       oldest first;
 *   <li>decide: {@code handle}; if it asked for streams it has not read ({@code readAlso}), add
 *       them and go back to 1 (at most {@code maxDiscoveryRounds} rounds; the state of the previous
 *       round is the starting state of the larger boundary when nothing better is known);
 *   <li>append the emitted events atomically, expecting every stream of the boundary — written or
 *       only read — to be still at the version the state reflects.
 * </ol>
 *
 * <p><b>Fold order and reuse.</b> Without reuse, events are applied stream after stream in boundary
 * order. A reused state is extended with the newer events in the same way, so the events of one
 * stream may be applied after newer events of another. Both give the same state under the contract
 * of {@link StateReuse} (events of different streams commute, the state is immutable and depends
 * only on the streams' events); a command that breaks it must return {@link StateReuse#never()}.
 *
 * <p><b>Per-stream parts.</b> A command that declares a {@link PerStreamFold} has one part per
 * stream instead: each part is looked up, extended with its own stream's events and kept under its
 * own one-stream key, and the state is composed from the parts on every attempt (ADR 0016); the
 * command's {@code initialState}, {@code apply} and {@code stateReuse} are then not used.
 *
 * <p><b>Only committed events are reused.</b> Every fold is handed to {@link CommandStates} right
 * after the read, before {@code handle} and the append: the caller must run the processor in a
 * transaction that has not written events before (as {@link CommandAttempt} does: a new transaction
 * whose only earlier write is the idempotency claim), so that a read only sees committed events.
 * The state after the command's own events is never cached; the next attempt reads those events as
 * part of the tail. A reused state that is ahead of the store (a restored database) is discarded
 * and the round folded from the first event.
 *
 * <p>A conflict surfaces as {@link org.eventcore.api.StreamVersionConflictException}; retrying is
 * the caller's business (see {@link CommandExecutor}).
 *
 * <p>Each phase is a span of the given {@link CommandTracing}: {@value
 * CommandTracing#READ_STREAMS}, {@value CommandTracing#FOLD} and {@value CommandTracing#DECIDE}
 * once per discovery round, {@value CommandTracing#APPEND} when the command wrote events.
 */
public final class CommandProcessor {

  /** The book's default for {@code max_discovery_iterations}. */
  public static final int DEFAULT_MAX_DISCOVERY_ROUNDS = 10;

  private final EventStore store;
  private final EventCodecs codecs;
  private final int maxDiscoveryRounds;
  private final CommandStates states;
  private final SnapshotStore snapshots;
  private final CommandTracing tracing;

  /** A processor that folds every state from the first event. */
  public CommandProcessor(EventStore store, EventCodecs codecs, int maxDiscoveryRounds) {
    this(store, codecs, maxDiscoveryRounds, CommandStates.none(), null);
  }

  /**
   * A processor that reuses folded states.
   *
   * @param states the state cache and snapshot policy, shared by every processor of the application
   * @param snapshots reads snapshots in the caller's transaction; null for none
   */
  public CommandProcessor(
      EventStore store,
      EventCodecs codecs,
      int maxDiscoveryRounds,
      CommandStates states,
      SnapshotStore snapshots) {
    this(store, codecs, maxDiscoveryRounds, states, snapshots, CommandTracing.none());
  }

  /**
   * A processor that reuses folded states and traces its phases.
   *
   * @param tracing opens a span for each phase, as a child of the span current in the caller
   */
  public CommandProcessor(
      EventStore store,
      EventCodecs codecs,
      int maxDiscoveryRounds,
      CommandStates states,
      SnapshotStore snapshots,
      CommandTracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.store = Objects.requireNonNull(store, "store");
    this.codecs = Objects.requireNonNull(codecs, "codecs");
    if (maxDiscoveryRounds < 1) {
      throw new IllegalArgumentException("maxDiscoveryRounds must be at least 1");
    }
    this.maxDiscoveryRounds = maxDiscoveryRounds;
    this.states = Objects.requireNonNull(states, "states");
    this.snapshots = snapshots;
  }

  /**
   * Runs one attempt.
   *
   * @return the result with {@code attempts == 1}
   */
  public <S, E> CommandResult process(Command<S, E> command, EventMetadata metadata) {
    return process(command, metadata, written -> {});
  }

  /**
   * Runs one attempt and hands the events it wrote — in append order, before the caller's
   * transaction commits — to {@code written} (not called when nothing was written).
   *
   * @return the result with {@code attempts == 1}
   */
  public <S, E> CommandResult process(
      Command<S, E> command, EventMetadata metadata, Consumer<List<CommittedEvent>> written) {
    EventCodec<E> codec = codecs.codecFor(command.eventType());
    List<StreamId> boundary;
    try {
      boundary = new ArrayList<>(new LinkedHashSet<>(command.streams()));
    } catch (IllegalArgumentException e) {
      throw new CommandValidationException(e.getMessage(), e);
    }
    if (boundary.isEmpty()) {
      throw new CommandValidationException(command.commandType() + " declares no stream");
    }
    StateReuse reuse = states.enabled() ? command.stateReuse() : StateReuse.never();
    Optional<PerStreamFold<?, S, E>> perStream = command.perStreamFold();
    FoldedState previousRound = null;
    Map<StreamId, FoldedState> previousParts = Map.of();
    for (int round = 1; ; round++) {
      FoldedState folded;
      Map<StreamId, FoldedState> parts = Map.of();
      if (perStream.isPresent()) {
        parts = foldParts(command, codec, boundary, perStream.get(), previousParts);
        folded = composed(perStream.get(), parts);
      } else {
        folded = fold(command, codec, boundary, reuse, previousRound);
      }
      @SuppressWarnings("unchecked")
      S state = (S) folded.state();
      Decision<E> decision = new Decision<>(command.commandType(), boundary);
      try {
        decide(command, state, decision);
        return append(command, codec, metadata, folded.versions(), decision, written);
      } catch (MoreStreamsNeeded more) {
        if (round >= maxDiscoveryRounds) {
          throw new StreamDiscoveryLimitException(command.commandType(), round);
        }
        boundary.addAll(more.streams);
        previousRound = folded;
        previousParts = parts;
      }
    }
  }

  private <S, E> void decide(Command<S, E> command, S state, Decision<E> decision) {
    try (TraceSpan span = tracing.start(CommandTracing.DECIDE)) {
      try {
        command.handle(state, decision);
      } catch (MoreStreamsNeeded more) {
        span.set("eventcore.streams.discovered", more.streams.size());
        throw more;
      } catch (RuntimeException failure) {
        span.failed(failure);
        throw failure;
      }
    }
  }

  /**
   * The state of {@code boundary}: a reused state (cache, snapshot, or the previous round's)
   * extended with the events after it, or the fold of every event.
   */
  private <S, E> FoldedState fold(
      Command<S, E> command,
      EventCodec<E> codec,
      List<StreamId> boundary,
      StateReuse reuse,
      FoldedState previousRound) {
    if (!reuse.allowed()) {
      return foldFrom(command, codec, boundary, null).orElseThrow();
    }
    StateKey key = StateKey.of(reuse, boundary);
    FoldedState start = states.lookup(command, key, snapshots).orElse(null);
    if (start == null && previousRound != null) {
      start = previousRound.extendedTo(boundary);
    }
    Optional<FoldedState> folded = foldFrom(command, codec, boundary, start);
    if (folded.isEmpty()) {
      // the reused state is ahead of the store: never trust it again
      states.discard(key);
      folded = foldFrom(command, codec, boundary, null);
    }
    FoldedState result = folded.orElseThrow();
    states.folded(command, key, result, foldedEvents(result, start));
    return result;
  }

  /**
   * The part of every stream of {@code boundary} (ADR 0016): each from the cache or a snapshot (one
   * look-up for all), else the previous round's, else the initial part — extended with its stream's
   * events after it, all streams read in one call. Every part is handed to {@link CommandStates}
   * under its own one-stream key. A part ahead of its stream (a restored database) is discarded and
   * that stream folded from its first event.
   */
  private <P, S, E> Map<StreamId, FoldedState> foldParts(
      Command<S, E> command,
      EventCodec<E> codec,
      List<StreamId> boundary,
      PerStreamFold<P, S, E> fold,
      Map<StreamId, FoldedState> previousRound) {
    boolean reuse = states.enabled();
    Map<StreamId, StateKey> keys = new LinkedHashMap<>();
    Map<StreamId, FoldedState> starts = new HashMap<>();
    if (reuse) {
      for (StreamId id : boundary) {
        keys.put(id, StateKey.of(fold.partReuse(), List.of(id)));
      }
      Map<StateKey, FoldedState> found = states.lookupAll(command, keys.values(), snapshots);
      for (StreamId id : boundary) {
        FoldedState start = found.get(keys.get(id));
        if (start != null) {
          starts.put(id, start);
        }
      }
    }
    for (StreamId id : boundary) {
      if (!starts.containsKey(id) && previousRound.containsKey(id)) {
        starts.put(id, previousRound.get(id));
      }
    }
    Map<StreamId, StreamVersion> after = new LinkedHashMap<>();
    for (StreamId id : boundary) {
      FoldedState start = starts.get(id);
      after.put(id, start == null ? StreamVersion.EMPTY : start.versions().get(id));
    }
    Map<StreamId, StreamEvents> read;
    try (TraceSpan span = tracing.start(CommandTracing.READ_STREAMS)) {
      span.set("streams.count", boundary.size());
      try {
        read = new HashMap<>(store.readStreamsAfter(after));
        Map<StreamId, StreamVersion> refold = new LinkedHashMap<>();
        for (StreamId id : boundary) {
          if (starts.containsKey(id) && read.get(id).version().compareTo(after.get(id)) < 0) {
            // the part is ahead of the store: never trust it again
            if (reuse) {
              states.discard(keys.get(id));
            }
            starts.remove(id);
            after.put(id, StreamVersion.EMPTY);
            refold.put(id, StreamVersion.EMPTY);
          }
        }
        if (!refold.isEmpty()) {
          read.putAll(store.readStreamsAfter(refold));
        }
      } catch (RuntimeException failure) {
        span.failed(failure);
        throw failure;
      }
      span.set("events.count", read.values().stream().mapToLong(e -> e.events().size()).sum());
    }
    Map<StreamId, FoldedState> parts = new LinkedHashMap<>();
    try (TraceSpan span = tracing.start(CommandTracing.FOLD)) {
      span.set("eventcore.state.reused", !starts.isEmpty());
      try {
        for (StreamId id : boundary) {
          FoldedState start = starts.get(id);
          @SuppressWarnings("unchecked")
          P part = start == null ? fold.initialPart() : (P) start.state();
          StreamVersion version = after.get(id);
          long applied = 0;
          for (StoredEvent stored : read.get(id).events()) {
            requireNext(id, version, stored);
            part = fold.apply(part, decode(codec, stored));
            version = stored.version();
            applied++;
          }
          FoldedState folded =
              new FoldedState(
                  part, Map.of(id, version), start == null ? 0 : start.snapshotEvents());
          if (reuse) {
            states.folded(command, keys.get(id), folded, applied);
          }
          parts.put(id, folded);
        }
      } catch (RuntimeException failure) {
        span.failed(failure);
        throw failure;
      }
    }
    return parts;
  }

  /** The command's state from its parts, with the versions they reflect, in boundary order. */
  private static <P, S, E> FoldedState composed(
      PerStreamFold<P, S, E> fold, Map<StreamId, FoldedState> parts) {
    Map<StreamId, P> byStream = new LinkedHashMap<>();
    Map<StreamId, StreamVersion> versions = new LinkedHashMap<>();
    parts.forEach(
        (id, part) -> {
          @SuppressWarnings("unchecked")
          P value = (P) part.state();
          byStream.put(id, value);
          versions.put(id, part.versions().get(id));
        });
    return new FoldedState(fold.compose(Collections.unmodifiableMap(byStream)), versions, 0);
  }

  private static void requireNext(StreamId id, StreamVersion version, StoredEvent stored) {
    if (!stored.version().equals(version.next())) {
      throw new EventStoreException(
          "The store returned version "
              + stored.version()
              + " of "
              + id
              + " where "
              + version.next()
              + " was expected");
    }
  }

  private static long foldedEvents(FoldedState result, FoldedState start) {
    return result.events() - (start == null ? 0 : start.events());
  }

  /**
   * Reads the events after {@code start}'s versions (all events without a start) and folds them
   * onto it, stream by stream in boundary order. Empty when a stream is behind {@code start}.
   */
  private <S, E> Optional<FoldedState> foldFrom(
      Command<S, E> command, EventCodec<E> codec, List<StreamId> boundary, FoldedState start) {
    Map<StreamId, StreamVersion> after = new LinkedHashMap<>();
    for (StreamId id : boundary) {
      after.put(
          id,
          start == null
              ? StreamVersion.EMPTY
              : start.versions().getOrDefault(id, StreamVersion.EMPTY));
    }
    Map<StreamId, StreamEvents> read;
    try (TraceSpan span = tracing.start(CommandTracing.READ_STREAMS)) {
      span.set("streams.count", boundary.size());
      try {
        read = store.readStreamsAfter(after);
      } catch (RuntimeException failure) {
        span.failed(failure);
        throw failure;
      }
      span.set("events.count", read.values().stream().mapToLong(e -> e.events().size()).sum());
    }
    try (TraceSpan span = tracing.start(CommandTracing.FOLD)) {
      span.set("eventcore.state.reused", start != null);
      try {
        return foldRead(command, codec, boundary, start, after, read);
      } catch (RuntimeException failure) {
        span.failed(failure);
        throw failure;
      }
    }
  }

  private <S, E> Optional<FoldedState> foldRead(
      Command<S, E> command,
      EventCodec<E> codec,
      List<StreamId> boundary,
      FoldedState start,
      Map<StreamId, StreamVersion> after,
      Map<StreamId, StreamEvents> read) {
    @SuppressWarnings("unchecked")
    S state = start == null ? command.initialState() : (S) start.state();
    Map<StreamId, StreamVersion> reflected = new LinkedHashMap<>();
    for (StreamId id : boundary) {
      StreamEvents events = read.get(id);
      StreamVersion version = after.get(id);
      if (start != null && events.version().compareTo(version) < 0) {
        return Optional.empty();
      }
      for (StoredEvent stored : events.events()) {
        requireNext(id, version, stored);
        state = command.apply(state, decode(codec, stored));
        version = stored.version();
      }
      // the version the state reflects, whatever the store said: the append checks exactly this
      reflected.put(id, version);
    }
    return Optional.of(
        new FoldedState(state, reflected, start == null ? 0 : start.snapshotEvents()));
  }

  private <S, E> CommandResult append(
      Command<S, E> command,
      EventCodec<E> codec,
      EventMetadata metadata,
      Map<StreamId, StreamVersion> versions,
      Decision<E> decision,
      Consumer<List<CommittedEvent>> written) {
    if (decision.emitted.isEmpty()) {
      return new CommandResult(
          command.commandType(), List.of(), versions, 1, false, FeedCursor.START);
    }
    List<StreamWrite> writes = new ArrayList<>();
    List<E> inAppendOrder = new ArrayList<>();
    for (Map.Entry<StreamId, StreamVersion> stream : versions.entrySet()) {
      List<E> emitted = decision.emitted.getOrDefault(stream.getKey(), List.of());
      inAppendOrder.addAll(emitted);
      List<NewEvent> events =
          emitted.stream()
              .map(
                  e ->
                      new NewEvent(
                          EventId.generate(),
                          codec.typeName(e),
                          codec.schemaVersion(e),
                          codec.encode(e),
                          metadata))
              .toList();
      writes.add(
          new StreamWrite(stream.getKey(), ExpectedVersion.exact(stream.getValue()), events));
    }
    AppendResult result;
    try (TraceSpan span = tracing.start(CommandTracing.APPEND)) {
      span.set("streams.count", writes.size()).set("events.count", inAppendOrder.size());
      try {
        result = store.append(writes);
      } catch (RuntimeException failure) {
        span.failed(failure);
        throw failure;
      }
    }
    List<CommittedEvent> committed = new ArrayList<>();
    for (int i = 0; i < result.events().size(); i++) {
      AppendResult.AppendedEvent appended = result.events().get(i);
      committed.add(
          new CommittedEvent(
              appended.id(),
              appended.streamId(),
              appended.version(),
              appended.globalPosition(),
              command.commandType(),
              inAppendOrder.get(i),
              metadata));
    }
    written.accept(committed);
    return new CommandResult(
        command.commandType(), result.events(), result.streamVersions(), 1, false, result.cursor());
  }

  private static <E> RecordedEvent<E> decode(EventCodec<E> codec, StoredEvent stored) {
    return new RecordedEvent<>(
        stored.streamId(),
        stored.version(),
        codec.decode(stored.type(), stored.schemaVersion(), stored.payload()),
        stored.metadata(),
        stored.recordedAt());
  }

  /** The context of one round of {@code handle}. */
  private static final class Decision<E> implements CommandContext<E> {
    private final String commandType;
    private final Set<StreamId> boundary;
    private final Map<StreamId, List<E>> emitted = new LinkedHashMap<>();

    Decision(String commandType, Collection<StreamId> boundary) {
      this.commandType = commandType;
      this.boundary = new LinkedHashSet<>(boundary);
    }

    @Override
    public void require(boolean condition, String message, Object... args) {
      if (!condition) {
        throw new BusinessRuleViolationException(
            args.length == 0 ? message : String.format(message, args));
      }
    }

    @Override
    public void emit(StreamId streamId, E event) {
      Objects.requireNonNull(streamId, "streamId");
      Objects.requireNonNull(event, "event");
      if (!boundary.contains(streamId)) {
        throw new UndeclaredStreamException(commandType, streamId);
      }
      emitted.computeIfAbsent(streamId, id -> new ArrayList<>()).add(event);
    }

    /** Ends the round at once when a stream is new: the rest of it would see incomplete state. */
    @Override
    public void readAlso(Collection<StreamId> streamIds) {
      Set<StreamId> unread = new LinkedHashSet<>();
      for (StreamId id : streamIds) {
        if (!boundary.contains(id)) {
          unread.add(id);
        }
      }
      if (!unread.isEmpty()) {
        throw new MoreStreamsNeeded(unread);
      }
    }

    @Override
    public boolean isRead(StreamId streamId) {
      return boundary.contains(streamId);
    }
  }

  /** Control flow, not an error: {@code handle} asked for streams that were not read. */
  private static final class MoreStreamsNeeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Set<StreamId> streams;

    MoreStreamsNeeded(Set<StreamId> streams) {
      super(null, null, false, false);
      this.streams = streams;
    }
  }
}
