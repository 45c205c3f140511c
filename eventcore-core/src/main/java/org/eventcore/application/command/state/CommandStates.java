package org.eventcore.application.command.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.HandledCommand;

/**
 * Where the command processor gets a starting state from, and what it tells after each fold: the
 * bounded {@link StateCache} first, persisted {@link Snapshot snapshots} on a miss; every completed
 * fold goes into the cache, and into a new snapshot when it has grown by {@link
 * Settings#snapshotEveryEvents()} events since the last one this server knows of.
 *
 * <p>Snapshots are written on {@code executor}, by {@code writer} in a transaction of its own,
 * after encoding the state and checking that it decodes back to an equal state (a state class that
 * does not survive the round trip is never snapshotted). At most {@link
 * Settings#maxPendingSnapshotWrites()} writes are pending at once, one per key; beyond that a
 * snapshot is skipped (it is an optimisation). A failing write is logged and counted, and never
 * reaches a command.
 *
 * <p>The caller must only report folds of committed events (see {@link
 * org.eventcore.application.command.CommandProcessor}).
 */
public final class CommandStates {

  private static final Logger LOG = Logger.getLogger(CommandStates.class.getName());

  /**
   * @param cacheMaxEntries the state cache's bound; 0 turns the cache off
   * @param snapshots whether snapshots are read (on a cache miss) and written
   * @param snapshotEveryEvents a snapshot is written when a state reflects this many events more
   *     than the last snapshot of its key (at least 1)
   * @param maxPendingSnapshotWrites how many snapshot writes may wait or run at once (at least 1)
   */
  public record Settings(
      int cacheMaxEntries,
      boolean snapshots,
      long snapshotEveryEvents,
      int maxPendingSnapshotWrites) {
    public Settings {
      if (cacheMaxEntries < 0) {
        throw new IllegalArgumentException("cacheMaxEntries must not be negative");
      }
      if (snapshotEveryEvents < 1 || maxPendingSnapshotWrites < 1) {
        throw new IllegalArgumentException(
            "snapshotEveryEvents and maxPendingSnapshotWrites must be at least 1");
      }
    }

    /** Neither cache nor snapshots. */
    public static Settings off() {
      return new Settings(0, false, 1, 1);
    }

    public boolean anything() {
      return cacheMaxEntries > 0 || snapshots;
    }
  }

  /** Writes a snapshot in a transaction of its own. */
  @FunctionalInterface
  public interface SnapshotWriter {
    void write(Snapshot snapshot);
  }

  /** What happened, per command type, for metrics. Every method has a default that does nothing. */
  public interface Listener {
    default void cacheHit(String commandType) {}

    default void cacheMiss(String commandType) {}

    /** A state was evicted to keep the cache within its bound. */
    default void cacheEviction() {}

    default void snapshotLoaded(String commandType) {}

    /**
     * @param reason {@code incompatible} (another state type, shape or fold version) or {@code
     *     unreadable} (it did not decode)
     */
    default void snapshotIgnored(String commandType, String reason) {}

    default void snapshotWritten(String commandType) {}

    /**
     * @param reason {@code busy} (too many pending writes) or {@code not-round-trippable}
     */
    default void snapshotSkipped(String commandType, String reason) {}

    default void snapshotFailed(String commandType) {}

    default void eventsFolded(String commandType, long events) {}
  }

  private static final CommandStates NONE =
      new CommandStates(Settings.off(), null, null, Runnable::run, new Listener() {});

  private final Settings settings;
  private final StateCache cache;
  private final StateCodec codec;
  private final SnapshotWriter writer;
  private final Executor executor;
  private final Listener listener;
  private final Set<StateKey> pendingWrites = ConcurrentHashMap.newKeySet();
  private final Map<Class<?>, Boolean> roundTrips = new ConcurrentHashMap<>();

  /**
   * @param codec and {@code writer} may be null only when snapshots are off
   * @param executor runs snapshot writes (a managed executor in a server)
   */
  public CommandStates(
      Settings settings,
      StateCodec codec,
      SnapshotWriter writer,
      Executor executor,
      Listener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (settings.snapshots()) {
      Objects.requireNonNull(codec, "codec");
      Objects.requireNonNull(writer, "writer");
    }
    this.listener = Objects.requireNonNull(listener, "listener");
    this.cache = new StateCache(settings.cacheMaxEntries(), listener::cacheEviction);
    this.codec = codec;
    this.writer = writer;
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** No reuse at all: every attempt folds from the first event. */
  public static CommandStates none() {
    return NONE;
  }

  /** Whether states are reused at all (cache or snapshots). */
  public boolean enabled() {
    return settings.anything();
  }

  public Settings settings() {
    return settings;
  }

  /** The cache, for its counters and size. */
  public StateCache cache() {
    return cache;
  }

  /**
   * The best known state to start from: the cached one, else the stored snapshot (when {@code
   * snapshots} is given and snapshots are on), else none.
   *
   * @param snapshots reads in the caller's transaction; may be null
   */
  public Optional<FoldedState> lookup(
      Command<?, ?> command, StateKey key, SnapshotStore snapshots) {
    if (cache.enabled()) {
      Optional<FoldedState> cached = cache.get(key);
      if (cached.isPresent()) {
        listener.cacheHit(command.commandType());
        return cached;
      }
      listener.cacheMiss(command.commandType());
    }
    if (!settings.snapshots() || snapshots == null) {
      return Optional.empty();
    }
    Optional<Snapshot> stored = snapshots.find(key);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Optional<FoldedState> decoded = decode(command, key, stored.get());
    decoded.ifPresent(d -> listener.snapshotLoaded(command.commandType()));
    return decoded;
  }

  /**
   * The best known states of several keys (the parts of a {@link
   * org.eventcore.api.command.PerStreamFold per-stream fold}): each from the cache, and those the
   * cache does not hold from their stored snapshots, read in one call. Keys with neither are
   * absent.
   *
   * @param snapshots reads in the caller's transaction; may be null
   */
  public Map<StateKey, FoldedState> lookupAll(
      Command<?, ?> command, Collection<StateKey> keys, SnapshotStore snapshots) {
    Map<StateKey, FoldedState> found = new LinkedHashMap<>();
    List<StateKey> missing = new ArrayList<>();
    for (StateKey key : keys) {
      Optional<FoldedState> cached = cache.enabled() ? cache.get(key) : Optional.empty();
      if (cached.isPresent()) {
        listener.cacheHit(command.commandType());
        found.put(key, cached.get());
      } else {
        if (cache.enabled()) {
          listener.cacheMiss(command.commandType());
        }
        missing.add(key);
      }
    }
    if (missing.isEmpty() || !settings.snapshots() || snapshots == null) {
      return found;
    }
    Map<StateKey, Snapshot> stored = snapshots.findAll(missing);
    for (StateKey key : missing) {
      Snapshot snapshot = stored.get(key);
      if (snapshot != null) {
        decode(command, key, snapshot)
            .ifPresent(
                d -> {
                  listener.snapshotLoaded(command.commandType());
                  found.put(key, d);
                });
      }
    }
    return found;
  }

  /**
   * Where the classes of {@code command}'s state live: its handler's module for a handled command
   * (the handler and its state may sit in another module than EventCore), else its own.
   */
  private static ClassLoader classLoaderOf(Command<?, ?> command) {
    Class<?> owner =
        command instanceof HandledCommand<?, ?, ?> handled
            ? handled.types().handlerClass()
            : command.getClass();
    return owner.getClassLoader();
  }

  private Optional<FoldedState> decode(Command<?, ?> command, StateKey key, Snapshot snapshot) {
    String type = command.commandType();
    if (!snapshot.key().equals(key)) {
      listener.snapshotIgnored(type, "incompatible");
      return Optional.empty();
    }
    Class<?> stateClass;
    try {
      stateClass = Class.forName(snapshot.stateType(), false, classLoaderOf(command));
    } catch (ClassNotFoundException | LinkageError e) {
      listener.snapshotIgnored(type, "incompatible");
      return Optional.empty();
    }
    if (!codec.schemaOf(stateClass).equals(snapshot.stateSchema())) {
      LOG.fine(() -> "Ignoring a snapshot of " + snapshot.stateType() + ": its shape changed");
      listener.snapshotIgnored(type, "incompatible");
      return Optional.empty();
    }
    try {
      Object state = codec.decode(snapshot.state(), stateClass);
      return Optional.of(new FoldedState(state, snapshot.versions(), snapshot.events()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Ignoring an unreadable snapshot of " + snapshot.stateType(), e);
      listener.snapshotIgnored(type, "unreadable");
      return Optional.empty();
    }
  }

  /**
   * A fold of committed events is complete: keep it, and snapshot it if due.
   *
   * @param eventsFolded how many events this fold applied
   */
  public void folded(Command<?, ?> command, StateKey key, FoldedState state, long eventsFolded) {
    listener.eventsFolded(command.commandType(), eventsFolded);
    if (settings.snapshots()
        && state.events() - state.snapshotEvents() >= settings.snapshotEveryEvents()
        && scheduleSnapshot(command.commandType(), key, state)) {
      state = state.withSnapshotEvents(state.events());
    }
    cache.put(key, state);
  }

  /** Forgets the cached state of {@code key} (it turned out to be ahead of the store). */
  public void discard(StateKey key) {
    cache.remove(key);
  }

  private boolean scheduleSnapshot(String commandType, StateKey key, FoldedState state) {
    if (pendingWrites.size() >= settings.maxPendingSnapshotWrites() || !pendingWrites.add(key)) {
      listener.snapshotSkipped(commandType, "busy");
      return false;
    }
    try {
      executor.execute(() -> writeSnapshot(commandType, key, state));
      return true;
    } catch (RejectedExecutionException | IllegalStateException e) {
      pendingWrites.remove(key);
      listener.snapshotSkipped(commandType, "busy");
      return false;
    }
  }

  private void writeSnapshot(String commandType, StateKey key, FoldedState state) {
    try {
      Class<?> stateClass = state.state().getClass();
      String text = encodedIfItRoundTrips(stateClass, state.state());
      if (text == null) {
        listener.snapshotSkipped(commandType, "not-round-trippable");
        return;
      }
      writer.write(
          new Snapshot(
              key, stateClass.getName(), codec.schemaOf(stateClass), state.versions(), text));
      listener.snapshotWritten(commandType);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "Could not write a snapshot for " + commandType + ": " + e, e);
      listener.snapshotFailed(commandType);
    } finally {
      pendingWrites.remove(key);
    }
  }

  /**
   * The encoded state, or null when it does not decode back to an equal state. A class that fails
   * once is never snapshotted again (logged once): its snapshots could not be trusted.
   */
  private String encodedIfItRoundTrips(Class<?> stateClass, Object state) {
    if (Boolean.FALSE.equals(roundTrips.get(stateClass))) {
      return null;
    }
    String text;
    try {
      text = codec.encode(state);
      if (!state.equals(codec.decode(text, stateClass))) {
        text = null;
      }
    } catch (RuntimeException e) {
      text = null;
    }
    if (text == null && roundTrips.put(stateClass, Boolean.FALSE) == null) {
      LOG.warning(
          () ->
              "States of "
                  + stateClass.getName()
                  + " do not decode back to an equal state; they are not snapshotted");
    }
    return text;
  }
}
