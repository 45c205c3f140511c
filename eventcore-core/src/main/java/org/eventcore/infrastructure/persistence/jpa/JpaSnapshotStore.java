package org.eventcore.infrastructure.persistence.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.application.command.state.Snapshot;
import org.eventcore.application.command.state.SnapshotStore;
import org.eventcore.application.command.state.StateKey;
import org.hibernate.Session;

/**
 * {@link SnapshotStore} in {@code eventcore.command_state_snapshots}, one row per key (the SHA-256
 * of the fold and the ordered streams). A save keeps the row that reflects more events, so
 * concurrent writers on several servers never replace a newer snapshot by an older one.
 */
@ApplicationScoped
public class JpaSnapshotStore implements SnapshotStore {

  private static final String FIND =
      "select fold_name, fold_version, stream_ids, stream_versions, state_type, state_schema,"
          + " state::text from eventcore.command_state_snapshots where snapshot_key = ?";

  private static final String FIND_ALL =
      "select fold_name, fold_version, stream_ids, stream_versions, state_type, state_schema,"
          + " state::text, snapshot_key from eventcore.command_state_snapshots"
          + " where snapshot_key = any(?::text[])";

  private static final String SAVE =
      "insert into eventcore.command_state_snapshots as s (snapshot_key, fold_name,"
          + " fold_version, stream_ids, stream_versions, events, state_type, state_schema, state)"
          + " values (?, ?, ?, ?::text[], ?::bigint[], ?, ?, ?, ?::jsonb)"
          + " on conflict (snapshot_key) do update set fold_name = excluded.fold_name,"
          + " fold_version = excluded.fold_version, stream_ids = excluded.stream_ids,"
          + " stream_versions = excluded.stream_versions, events = excluded.events,"
          + " state_type = excluded.state_type, state_schema = excluded.state_schema,"
          + " state = excluded.state, written_at = now()"
          + " where s.events < excluded.events or s.state_schema <> excluded.state_schema"
          + " or s.state_type <> excluded.state_type";

  @PersistenceContext(unitName = "eventcore")
  private EntityManager entityManager;

  protected JpaSnapshotStore() {}

  /** A store that works in the transactions of {@code entityManager}. */
  public JpaSnapshotStore(EntityManager entityManager) {
    this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
  }

  @Override
  public Optional<Snapshot> find(StateKey key) {
    try {
      return entityManager.unwrap(Session.class).doReturningWork(c -> find(c, key));
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }

  private static Optional<Snapshot> find(Connection connection, StateKey key) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(FIND)) {
      query.setString(1, key.digest());
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(snapshot(row)) : Optional.empty();
      }
    }
  }

  /** One round trip for all keys (the parts of a per-stream fold). */
  @Override
  public Map<StateKey, Snapshot> findAll(Collection<StateKey> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    try {
      return entityManager.unwrap(Session.class).doReturningWork(c -> findAll(c, keys));
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }

  private static Map<StateKey, Snapshot> findAll(Connection connection, Collection<StateKey> keys)
      throws SQLException {
    Map<String, StateKey> byDigest = new HashMap<>();
    keys.forEach(key -> byDigest.put(key.digest(), key));
    Map<StateKey, Snapshot> found = new LinkedHashMap<>();
    try (PreparedStatement query = connection.prepareStatement(FIND_ALL)) {
      query.setArray(1, connection.createArrayOf("text", byDigest.keySet().toArray()));
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          // under the key asked for: a stored key that differs is then ignored as incompatible
          found.put(byDigest.get(row.getString(8)), snapshot(row));
        }
      }
    }
    return found;
  }

  private static Snapshot snapshot(ResultSet row) throws SQLException {
    String[] streams = (String[]) row.getArray(3).getArray();
    Long[] versions = (Long[]) row.getArray(4).getArray();
    Map<StreamId, StreamVersion> reflected = new LinkedHashMap<>();
    for (int i = 0; i < streams.length; i++) {
      reflected.put(StreamId.of(streams[i]), StreamVersion.of(versions[i]));
    }
    StateKey stored =
        new StateKey(row.getString(1), row.getInt(2), List.copyOf(reflected.keySet()));
    return new Snapshot(stored, row.getString(5), row.getString(6), reflected, row.getString(7));
  }

  @Override
  public void save(Snapshot snapshot) {
    try {
      entityManager
          .unwrap(Session.class)
          .doWork(
              c -> {
                try (PreparedStatement insert = c.prepareStatement(SAVE)) {
                  StateKey key = snapshot.key();
                  insert.setString(1, key.digest());
                  insert.setString(2, key.foldName());
                  insert.setInt(3, key.foldVersion());
                  Array streams =
                      c.createArrayOf(
                          "text", key.streams().stream().map(StreamId::value).toArray());
                  insert.setArray(4, streams);
                  insert.setArray(
                      5,
                      c.createArrayOf(
                          "bigint",
                          snapshot.versions().values().stream()
                              .map(StreamVersion::value)
                              .toArray()));
                  insert.setLong(6, snapshot.events());
                  insert.setString(7, snapshot.stateType());
                  insert.setString(8, snapshot.stateSchema());
                  insert.setString(9, snapshot.state());
                  insert.executeUpdate();
                }
              });
    } catch (RuntimeException e) {
      throw JpaEventStore.translate(e);
    }
  }
}
