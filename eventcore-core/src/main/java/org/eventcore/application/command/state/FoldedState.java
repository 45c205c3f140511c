package org.eventcore.application.command.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;

/**
 * A command's state and exactly the stream versions it reflects: the fold of every event up to
 * those versions, and of none after them.
 *
 * @param state the (immutable) state
 * @param versions per stream, the version of the last event folded into {@code state}
 * @param snapshotEvents how many events ({@link #events()}) the newest snapshot of this state that
 *     this server knows of reflects — 0 when none; a new snapshot is due once the state has grown
 *     enough beyond it
 */
public record FoldedState(
    Object state, Map<StreamId, StreamVersion> versions, long snapshotEvents) {

  public FoldedState {
    Objects.requireNonNull(state, "state");
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    if (snapshotEvents < 0) {
      throw new IllegalArgumentException("snapshotEvents must not be negative");
    }
  }

  /** The number of events the state reflects: the sum of the versions. */
  public long events() {
    return versions.values().stream().mapToLong(StreamVersion::value).sum();
  }

  /** The same state over a larger list of streams, the new ones not read yet (version 0). */
  public FoldedState extendedTo(List<StreamId> streams) {
    Map<StreamId, StreamVersion> extended = new LinkedHashMap<>();
    streams.forEach(id -> extended.put(id, versions.getOrDefault(id, StreamVersion.EMPTY)));
    return new FoldedState(state, extended, 0);
  }

  /** Whether this state reflects at least every event that {@code other} reflects. */
  public boolean covers(FoldedState other) {
    for (Map.Entry<StreamId, StreamVersion> entry : other.versions.entrySet()) {
      StreamVersion mine = versions.get(entry.getKey());
      if (mine == null || mine.compareTo(entry.getValue()) < 0) {
        return false;
      }
    }
    return true;
  }

  FoldedState withSnapshotEvents(long events) {
    return new FoldedState(state, versions, events);
  }
}
