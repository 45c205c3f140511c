package org.eventcore.application.command.state;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where snapshots are kept: one per {@link StateKey}, the one that reflects the most events.
 *
 * <p>{@link #find} joins the caller's transaction (it is called inside a command's attempt); {@link
 * #save} too, and is meant to be called in a transaction of its own, never in a command's.
 */
public interface SnapshotStore {

  /** The snapshot of {@code key}, if any. */
  Optional<Snapshot> find(StateKey key);

  /**
   * The snapshots of several keys, by key (keys without a snapshot are absent). Stores that can
   * should answer in one round trip; by default one {@link #find} per key.
   */
  default Map<StateKey, Snapshot> findAll(Collection<StateKey> keys) {
    Map<StateKey, Snapshot> found = new LinkedHashMap<>();
    for (StateKey key : keys) {
      find(key).ifPresent(snapshot -> found.put(key, snapshot));
    }
    return found;
  }

  /**
   * Stores {@code snapshot}, unless a snapshot of the same key that reflects at least as many
   * events is stored already.
   */
  void save(Snapshot snapshot);
}
