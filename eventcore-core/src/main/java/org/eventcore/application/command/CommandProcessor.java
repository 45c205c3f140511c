package org.eventcore.application.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eventcore.api.AppendResult;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.EventStore;
import org.eventcore.api.ExpectedVersion;
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
import org.eventcore.api.command.EventCodec;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.StreamDiscoveryLimitException;
import org.eventcore.api.command.UndeclaredStreamException;

/**
 * One attempt of a command, in plain Java, inside whatever transaction the caller holds:
 *
 * <ol>
 *   <li>read every stream of the boundary in one call;
 *   <li>fold: {@code initialState()}, then {@code apply} for each event, stream by stream;
 *   <li>decide: {@code handle}; if it asked for streams it has not read ({@code readAlso}), add
 *       them and go back to 1 (at most {@code maxDiscoveryRounds} rounds);
 *   <li>append the emitted events atomically, expecting every stream of the boundary — written or
 *       only read — to be still at the version that was read.
 * </ol>
 *
 * <p>A conflict surfaces as {@link org.eventcore.api.StreamVersionConflictException}; retrying is
 * the caller's business (see {@link CommandExecutor}).
 */
public final class CommandProcessor {

  /** The book's default for {@code max_discovery_iterations}. */
  public static final int DEFAULT_MAX_DISCOVERY_ROUNDS = 10;

  private final EventStore store;
  private final EventCodecs codecs;
  private final int maxDiscoveryRounds;

  public CommandProcessor(EventStore store, EventCodecs codecs, int maxDiscoveryRounds) {
    this.store = Objects.requireNonNull(store, "store");
    this.codecs = Objects.requireNonNull(codecs, "codecs");
    if (maxDiscoveryRounds < 1) {
      throw new IllegalArgumentException("maxDiscoveryRounds must be at least 1");
    }
    this.maxDiscoveryRounds = maxDiscoveryRounds;
  }

  /**
   * Runs one attempt.
   *
   * @return the result with {@code attempts == 1}
   */
  public <S, E> CommandResult process(Command<S, E> command, EventMetadata metadata) {
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
    for (int round = 1; ; round++) {
      Map<StreamId, StreamEvents> read = store.readStreams(boundary);
      S state = command.initialState();
      for (StreamId id : boundary) {
        for (StoredEvent stored : read.get(id).events()) {
          state = command.apply(state, decode(codec, stored));
        }
      }
      Decision<E> decision = new Decision<>(command.commandType(), boundary);
      try {
        command.handle(state, decision);
        return append(command, codec, metadata, read, decision);
      } catch (MoreStreamsNeeded more) {
        if (round >= maxDiscoveryRounds) {
          throw new StreamDiscoveryLimitException(command.commandType(), round);
        }
        boundary.addAll(more.streams);
      }
    }
  }

  private <S, E> CommandResult append(
      Command<S, E> command,
      EventCodec<E> codec,
      EventMetadata metadata,
      Map<StreamId, StreamEvents> read,
      Decision<E> decision) {
    Map<StreamId, StreamVersion> versions = new LinkedHashMap<>();
    read.forEach((id, events) -> versions.put(id, events.version()));
    if (decision.emitted.isEmpty()) {
      return new CommandResult(
          command.commandType(), List.of(), versions, 1, false, org.eventcore.api.FeedCursor.START);
    }
    List<StreamWrite> writes = new ArrayList<>();
    for (Map.Entry<StreamId, StreamEvents> stream : read.entrySet()) {
      List<NewEvent> events =
          decision.emitted.getOrDefault(stream.getKey(), List.of()).stream()
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
          new StreamWrite(
              stream.getKey(), ExpectedVersion.exact(stream.getValue().version()), events));
    }
    AppendResult result = store.append(writes);
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
