package org.eventcore.application.command.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Snapshots in a map, with the replace rule of the PostgreSQL store (for tests). */
final class MemorySnapshots implements SnapshotStore {
  final Map<StateKey, Snapshot> stored = new ConcurrentHashMap<>();

  @Override
  public Optional<Snapshot> find(StateKey key) {
    return Optional.ofNullable(stored.get(key));
  }

  @Override
  public void save(Snapshot snapshot) {
    stored.merge(snapshot.key(), snapshot, (old, now) -> now.events() > old.events() ? now : old);
  }
}
