package org.eventcore.application.command.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;

/**
 * A folded state as stored: which state it is, its encoded form, and the versions it reflects. A
 * snapshot is only ever a prefix: the events after {@link #versions()} are read and folded on top.
 *
 * @param key the fold and streams
 * @param stateType the class name of the state object
 * @param stateSchema a fingerprint of that class's shape when it was written (see {@link
 *     StateCodec#schemaOf}); a snapshot whose schema differs from the class's current one is
 *     ignored
 * @param versions per stream, the version of the last event folded into the state
 * @param state the encoded state (JSON)
 */
public record Snapshot(
    StateKey key,
    String stateType,
    String stateSchema,
    Map<StreamId, StreamVersion> versions,
    String state) {

  public Snapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(stateType, "stateType");
    Objects.requireNonNull(stateSchema, "stateSchema");
    Objects.requireNonNull(state, "state");
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    if (!versions.keySet().stream().toList().equals(key.streams())) {
      throw new IllegalArgumentException("A snapshot has a version for each stream of its key");
    }
  }

  /** The number of events the snapshot reflects. */
  public long events() {
    return versions.values().stream().mapToLong(StreamVersion::value).sum();
  }
}
