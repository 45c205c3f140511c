package org.eventcore.infrastructure.persistence.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eventcore.api.AppendResult;
import org.eventcore.api.AppendResult.AppendedEvent;
import org.eventcore.api.DuplicateEventIdException;
import org.eventcore.api.EventId;
import org.eventcore.api.EventStore;
import org.eventcore.api.EventStoreException;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.FeedPage;
import org.eventcore.api.NewEvent;
import org.eventcore.api.ReadOptions;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamEvents;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.eventcore.api.StreamVersionConflictException.Conflict;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.TransientEventStoreException;
import org.hibernate.Session;

/**
 * {@link EventStore} on PostgreSQL, inside the caller's transaction (JTA in a server, or any
 * transaction the caller's {@link EntityManager} is in).
 *
 * <p>An append costs a bounded number of SQL round trips, whatever the number of streams and
 * events:
 *
 * <ol>
 *   <li>only if some participant may not exist yet ({@code NoStream}, {@code Exact(0)}, {@code
 *       Any}): create the missing heads ({@code insert … on conflict do nothing}, in stream order);
 *   <li>lock every participant's head in stream order ({@code select … order by stream_id for no
 *       key update}) and compare each version with its expectation; a mismatch throws {@link
 *       StreamVersionConflictException} before anything is written;
 *   <li>one statement inserts all events (from arrays, {@code unnest}) and moves the heads.
 * </ol>
 *
 * <p>Locks are held until the caller's transaction ends, so no other writer can slip in between the
 * check and the commit; taking them in one global order prevents deadlocks.
 */
@ApplicationScoped
public class JpaEventStore implements EventStore {

  private static final String CREATE_MISSING_HEADS =
      "insert into eventcore.streams (stream_id, version)"
          + " select s, 0 from unnest(?::text[]) as s order by s on conflict do nothing";

  private static final String LOCK_HEADS =
      "select stream_id, version from eventcore.streams"
          + " where stream_id = any(?::text[]) order by stream_id for no key update";

  private static final String INSERT_EVENTS_AND_MOVE_HEADS =
      "with inserted as ("
          + " insert into eventcore.events"
          + " (event_id, stream_id, stream_version, event_type, schema_version, payload, metadata)"
          + " select * from unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::int[],"
          + " ?::text[]::jsonb[], ?::text[]::jsonb[])"
          + " returning event_id, global_position, transaction_id),"
          + " moved as ("
          + " update eventcore.streams h set version = m.version, updated_at = now()"
          + " from unnest(?::text[], ?::bigint[]) as m(stream_id, version)"
          + " where h.stream_id = m.stream_id)"
          + " select event_id, global_position, transaction_id::text from inserted";

  /**
   * The global feed: only transactions older than every running one (their events are final), in
   * (transaction, position) order, after the cursor. Served by the index {@code events_feed_idx}.
   */
  private static final String READ_FEED =
      "select e.global_position, e.event_id, e.stream_id, e.stream_version, e.event_type,"
          + " e.schema_version, e.payload::text as payload_text,"
          + " e.metadata::text as metadata_text, e.recorded_at,"
          + " e.transaction_id::text as transaction_text"
          + " from eventcore.events e"
          + " where (e.transaction_id, e.global_position) > (?::text::xid8, ?)"
          + " and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())"
          + " order by e.transaction_id, e.global_position"
          + " limit ?";

  /**
   * Several streams, each after a version, in one statement (so each stream's head and events are
   * from the same snapshot): for each requested stream, its head (primary key) and, in a lateral
   * subquery, its events after the given version and up to the head, from the unique index on
   * (stream, version), oldest first.
   *
   * <p>The shape is chosen so that no statistics can turn it into a scan of the events table (ADR
   * 0016). A plain join on {@code stream_id} let the planner pick a hash join over a sequential
   * scan of every event when the statistics said that a stream id matches many rows — as they do
   * after a few long streams were analysed and many short ones added since: 40 ms instead of 0.2 ms
   * for two one-event streams in a 250,000-event store, growing with the store. Inside the lateral
   * subquery the range {@code after < version <= head} bounds the estimate to a fraction of a
   * stream whatever the statistics say, so the index range scan always wins; there is no outer sort
   * (the rows of each stream come in version order from the index; {@link
   * #readStreamsAfter(Connection, Map)} still orders them itself and does not depend on it).
   */
  static final String READ_STREAMS_AFTER =
      "select r.ord, coalesce(h.version, 0) as head,"
          + " e.global_position, e.event_id, e.stream_version, e.event_type, e.schema_version,"
          + " e.payload_text, e.metadata_text, e.recorded_at"
          + " from unnest(?::text[], ?::bigint[]) with ordinality as r(stream_id, after, ord)"
          + " left join eventcore.streams h on h.stream_id = r.stream_id"
          + " left join lateral (select x.global_position, x.event_id, x.stream_version,"
          + " x.event_type, x.schema_version, x.payload::text as payload_text,"
          + " x.metadata::text as metadata_text, x.recorded_at from eventcore.events x"
          + " where x.stream_id = r.stream_id and x.stream_version > r.after"
          + " and x.stream_version <= h.version order by x.stream_version) e on true";

  @PersistenceContext(unitName = "eventcore")
  private EntityManager entityManager;

  /** Null outside a container (tests construct the store directly): then nothing is measured. */
  @Inject MetricRegistry metrics;

  /** For CDI. */
  protected JpaEventStore() {}

  /** A store that works in the transactions of {@code entityManager}. */
  public JpaEventStore(EntityManager entityManager) {
    this.entityManager = Objects.requireNonNull(entityManager, "entityManager");
  }

  @Override
  public AppendResult append(List<StreamWrite> writes) {
    List<StreamWrite> sorted = validatedInLockOrder(writes);
    long started = System.nanoTime();
    try {
      AppendResult result =
          entityManager.unwrap(Session.class).doReturningWork(c -> append(c, sorted, writes));
      if (metrics != null) {
        metrics.counter("eventcore.store.events.appended").inc(result.events().size());
      }
      return result;
    } catch (RuntimeException e) {
      throw translate(e);
    } finally {
      measure("append", started);
    }
  }

  private void measure(String operation, long startedNanos) {
    if (metrics != null) {
      metrics
          .timer("eventcore.store.operations", new Tag("operation", operation))
          .update(Duration.ofNanos(System.nanoTime() - startedNanos));
    }
  }

  private static List<StreamWrite> validatedInLockOrder(List<StreamWrite> writes) {
    StreamWrite.requireValidAppend(writes);
    List<StreamWrite> sorted = new ArrayList<>(writes);
    sorted.sort(Comparator.comparing(StreamWrite::streamId));
    return sorted;
  }

  private AppendResult append(
      Connection connection, List<StreamWrite> sorted, List<StreamWrite> givenOrder)
      throws SQLException {
    String[] allStreams = sorted.stream().map(w -> w.streamId().value()).toArray(String[]::new);
    String[] mayBeNew =
        sorted.stream()
            .filter(w -> w.expected().isSatisfiedBy(StreamVersion.EMPTY))
            .map(w -> w.streamId().value())
            .toArray(String[]::new);
    if (mayBeNew.length > 0) {
      try (PreparedStatement create = connection.prepareStatement(CREATE_MISSING_HEADS)) {
        create.setArray(1, connection.createArrayOf("text", mayBeNew));
        create.executeUpdate();
      }
    }

    Map<StreamId, StreamVersion> current = new HashMap<>();
    try (PreparedStatement lock = connection.prepareStatement(LOCK_HEADS)) {
      lock.setArray(1, connection.createArrayOf("text", allStreams));
      try (ResultSet heads = lock.executeQuery()) {
        while (heads.next()) {
          current.put(StreamId.of(heads.getString(1)), StreamVersion.of(heads.getLong(2)));
        }
      }
    }

    List<Conflict> conflicts = new ArrayList<>();
    for (StreamWrite write : sorted) {
      StreamVersion actual = current.getOrDefault(write.streamId(), StreamVersion.EMPTY);
      if (!write.expected().isSatisfiedBy(actual)) {
        conflicts.add(new Conflict(write.streamId(), write.expected(), actual));
      }
    }
    if (!conflicts.isEmpty()) {
      throw new StreamVersionConflictException(conflicts);
    }

    return insertEvents(connection, givenOrder, current);
  }

  private static AppendResult insertEvents(
      Connection connection, List<StreamWrite> writes, Map<StreamId, StreamVersion> current)
      throws SQLException {
    int eventCount = writes.stream().mapToInt(w -> w.events().size()).sum();
    Map<StreamId, StreamVersion> after = new LinkedHashMap<>();
    for (StreamWrite write : writes) {
      after.put(write.streamId(), current.getOrDefault(write.streamId(), StreamVersion.EMPTY));
    }
    if (eventCount == 0) {
      return new AppendResult(List.of(), after, FeedCursor.START);
    }

    UUID[] ids = new UUID[eventCount];
    String[] streams = new String[eventCount];
    Long[] versions = new Long[eventCount];
    String[] types = new String[eventCount];
    Integer[] schemaVersions = new Integer[eventCount];
    String[] payloads = new String[eventCount];
    String[] metadata = new String[eventCount];
    List<AppendedEvent> appended = new ArrayList<>(eventCount);
    int i = 0;
    for (StreamWrite write : writes) {
      StreamVersion version = after.get(write.streamId());
      for (NewEvent event : write.events()) {
        version = version.next();
        ids[i] = event.id().value();
        streams[i] = write.streamId().value();
        versions[i] = version.value();
        types[i] = event.type();
        schemaVersions[i] = event.schemaVersion();
        payloads[i] = event.payload();
        metadata[i] = MetadataJson.write(event.metadata());
        appended.add(new AppendedEvent(event.id(), write.streamId(), version, 0));
        i++;
      }
      after.put(write.streamId(), version);
    }
    List<StreamWrite> moved = writes.stream().filter(w -> !w.isCheckOnly()).toList();
    String[] movedStreams = moved.stream().map(w -> w.streamId().value()).toArray(String[]::new);
    Long[] movedVersions =
        moved.stream().map(w -> after.get(w.streamId()).value()).toArray(Long[]::new);

    Map<UUID, Long> positions = new HashMap<>();
    long transaction = 0;
    try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENTS_AND_MOVE_HEADS)) {
      insert.setArray(1, connection.createArrayOf("uuid", ids));
      insert.setArray(2, connection.createArrayOf("text", streams));
      insert.setArray(3, connection.createArrayOf("bigint", versions));
      insert.setArray(4, connection.createArrayOf("text", types));
      insert.setArray(5, connection.createArrayOf("integer", schemaVersions));
      insert.setArray(6, connection.createArrayOf("text", payloads));
      insert.setArray(7, connection.createArrayOf("text", metadata));
      insert.setArray(8, connection.createArrayOf("text", movedStreams));
      insert.setArray(9, connection.createArrayOf("bigint", movedVersions));
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          positions.put(rows.getObject(1, UUID.class), rows.getLong(2));
          transaction = Long.parseLong(rows.getString(3));
        }
      }
    }
    List<AppendedEvent> withPositions =
        appended.stream()
            .map(
                e ->
                    new AppendedEvent(
                        e.id(), e.streamId(), e.version(), positions.get(e.id().value())))
            .toList();
    long lastPosition = positions.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return new AppendResult(withPositions, after, new FeedCursor(transaction, lastPosition));
  }

  @Override
  public StreamEvents read(StreamId streamId, ReadOptions options) {
    long started = System.nanoTime();
    try {
      StreamVersion version = currentVersions(List.of(streamId)).get(streamId);
      boolean forward = options.direction() == ReadOptions.Direction.FORWARD;
      String jpql =
          "select e from EventEntity e where e.streamId = :stream"
              + " and e.streamVersion between :from and :to order by e.streamVersion "
              + (forward ? "asc" : "desc");
      List<StoredEvent> events =
          entityManager
              .createQuery(jpql, EventEntity.class)
              .setParameter("stream", streamId.value())
              .setParameter("from", options.fromVersion())
              .setParameter("to", options.toVersion())
              .setMaxResults(options.maxCount())
              .getResultStream()
              .map(JpaEventStore::toStoredEvent)
              .toList();
      return new StreamEvents(streamId, version, events);
    } catch (RuntimeException e) {
      throw translate(e);
    } finally {
      measure("read", started);
    }
  }

  @Override
  public Map<StreamId, StreamEvents> readStreams(Collection<StreamId> streamIds) {
    long started = System.nanoTime();
    try {
      return readStreamsUnmeasured(streamIds);
    } finally {
      measure("readStreams", started);
    }
  }

  private Map<StreamId, StreamEvents> readStreamsUnmeasured(Collection<StreamId> streamIds) {
    Map<StreamId, StreamVersion> versions = currentVersions(streamIds);
    Map<StreamId, List<StoredEvent>> events = new HashMap<>();
    if (!streamIds.isEmpty()) {
      try {
        entityManager
            .createQuery(
                "select e from EventEntity e where e.streamId in :ids"
                    + " order by e.streamId, e.streamVersion",
                EventEntity.class)
            .setParameter("ids", streamIds.stream().map(StreamId::value).distinct().toList())
            .getResultStream()
            .map(JpaEventStore::toStoredEvent)
            .forEach(e -> events.computeIfAbsent(e.streamId(), id -> new ArrayList<>()).add(e));
      } catch (RuntimeException e) {
        throw translate(e);
      }
    }
    Map<StreamId, StreamEvents> result = new LinkedHashMap<>();
    for (StreamId id : streamIds) {
      result.put(id, new StreamEvents(id, versions.get(id), events.getOrDefault(id, List.of())));
    }
    return result;
  }

  @Override
  public Map<StreamId, StreamEvents> readStreamsAfter(Map<StreamId, StreamVersion> after) {
    if (after.isEmpty()) {
      return new LinkedHashMap<>();
    }
    long started = System.nanoTime();
    try {
      return entityManager
          .unwrap(Session.class)
          .doReturningWork(connection -> readStreamsAfter(connection, after));
    } catch (RuntimeException e) {
      throw translate(e);
    } finally {
      measure("readStreamsAfter", started);
    }
  }

  private static Map<StreamId, StreamEvents> readStreamsAfter(
      Connection connection, Map<StreamId, StreamVersion> after) throws SQLException {
    List<StreamId> ids = new ArrayList<>(after.keySet());
    String[] streams = ids.stream().map(StreamId::value).toArray(String[]::new);
    Long[] versions = ids.stream().map(id -> after.get(id).value()).toArray(Long[]::new);
    Map<StreamId, StreamVersion> heads = new HashMap<>();
    Map<StreamId, List<StoredEvent>> events = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement(READ_STREAMS_AFTER)) {
      query.setArray(1, connection.createArrayOf("text", streams));
      query.setArray(2, connection.createArrayOf("bigint", versions));
      query.setFetchSize(1_000);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          StreamId id = ids.get(rows.getInt("ord") - 1);
          heads.put(id, StreamVersion.of(rows.getLong("head")));
          UUID eventId = rows.getObject("event_id", UUID.class);
          if (eventId != null) {
            events
                .computeIfAbsent(id, i -> new ArrayList<>())
                .add(
                    new StoredEvent(
                        EventId.of(eventId),
                        id,
                        StreamVersion.of(rows.getLong("stream_version")),
                        rows.getLong("global_position"),
                        rows.getString("event_type"),
                        rows.getInt("schema_version"),
                        rows.getString("payload_text"),
                        MetadataJson.read(rows.getString("metadata_text")),
                        rows.getObject("recorded_at", OffsetDateTime.class).toInstant()));
          }
        }
      }
    }
    Map<StreamId, StreamEvents> result = new LinkedHashMap<>();
    for (StreamId id : ids) {
      List<StoredEvent> read = events.getOrDefault(id, List.of());
      if (!inVersionOrder(read)) {
        read.sort(Comparator.comparing(StoredEvent::version));
      }
      result.put(id, new StreamEvents(id, heads.getOrDefault(id, StreamVersion.EMPTY), read));
    }
    return result;
  }

  private static boolean inVersionOrder(List<StoredEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i - 1).version().compareTo(events.get(i).version()) > 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Map<StreamId, StreamVersion> currentVersions(Collection<StreamId> streamIds) {
    Map<StreamId, StreamVersion> versions = new LinkedHashMap<>();
    streamIds.forEach(id -> versions.put(id, StreamVersion.EMPTY));
    if (streamIds.isEmpty()) {
      return versions;
    }
    try {
      entityManager
          .createQuery(
              "select h from StreamHeadEntity h where h.streamId in :ids", StreamHeadEntity.class)
          .setParameter("ids", streamIds.stream().map(StreamId::value).distinct().toList())
          .getResultStream()
          .forEach(h -> versions.put(StreamId.of(h.streamId()), StreamVersion.of(h.version())));
      return versions;
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public FeedPage readFeed(FeedCursor after, int limit) {
    if (limit < 1 || limit > ReadOptions.MAX_COUNT_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + ReadOptions.MAX_COUNT_LIMIT + ", was " + limit);
    }
    long started = System.nanoTime();
    try {
      return entityManager
          .unwrap(Session.class)
          .doReturningWork(connection -> readFeed(connection, after, limit));
    } catch (RuntimeException e) {
      throw translate(e);
    } finally {
      measure("readFeed", started);
    }
  }

  private static FeedPage readFeed(Connection connection, FeedCursor after, int limit)
      throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    List<FeedCursor> cursors = new ArrayList<>();
    FeedCursor next = after;
    try (PreparedStatement query = connection.prepareStatement(READ_FEED)) {
      query.setString(1, Long.toString(after.transaction()));
      query.setLong(2, after.position());
      query.setInt(3, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          events.add(EventRows.current(rows));
          next =
              new FeedCursor(
                  Long.parseLong(rows.getString("transaction_text")),
                  rows.getLong("global_position"));
          cursors.add(next);
        }
      }
    }
    return new FeedPage(events, cursors, next);
  }

  @Override
  public Duration oldestRunningTransactionAge() {
    try {
      Object seconds =
          entityManager
              .createNativeQuery(
                  "select coalesce(extract(epoch from max(clock_timestamp() - xact_start)), 0)"
                      + " from pg_stat_activity where backend_xid is not null")
              .getSingleResult();
      return Duration.ofMillis(Math.round(((Number) seconds).doubleValue() * 1000));
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  private static StoredEvent toStoredEvent(EventEntity row) {
    return new StoredEvent(
        EventId.of(row.eventId()),
        StreamId.of(row.streamId()),
        StreamVersion.of(row.streamVersion()),
        row.globalPosition(),
        row.eventType(),
        row.schemaVersion(),
        row.payload(),
        MetadataJson.read(row.metadata()),
        row.recordedAt());
  }

  /**
   * The one place where database failures become event-store exceptions. The store's methods hand
   * it every runtime exception they catch: a database failure arrives as Hibernate's {@code
   * PersistenceException}, or wrapped by the server's connection proxy — on Payara an {@code
   * UndeclaredThrowableException} around the driver's {@code SQLException}, thrown for instance
   * when Hibernate reads the warnings of a connection the database has closed. Anything that is not
   * a database failure (a bug, an argument refused) is returned as it is.
   */
  static RuntimeException translate(RuntimeException failure) {
    if (failure instanceof EventStoreException || failure instanceof IllegalArgumentException) {
      return failure;
    }
    SQLException sql = findSqlException(failure);
    if (sql == null
        && !(failure instanceof PersistenceException)
        && !connectionUnavailable(failure)) {
      return failure;
    }
    String state = sql == null ? null : sql.getSQLState();
    String message = sql == null ? "" : String.valueOf(sql.getMessage());
    if ("23505".equals(state) && message.contains("events_event_id_key")) {
      return new DuplicateEventIdException(
          "An event with this id is already stored: " + firstLine(message), failure);
    }
    if ("23505".equals(state) || "40P01".equals(state)) {
      // a concurrent writer won a race the locks should have prevented: report it as a conflict
      // so that the command is retried with fresh state
      return new StreamVersionConflictException(firstLine(message));
    }
    if (state != null
        && (state.startsWith("08")
            || state.equals("40001")
            || state.equals("53300")
            || state.startsWith("57P"))) {
      return new TransientEventStoreException(
          "The database is unavailable or refused the transaction (SQLSTATE " + state + ")",
          failure);
    }
    if (connectionUnavailable(failure)) {
      return new TransientEventStoreException(
          "No database connection could be obtained: " + firstLine(rootMessage(failure)), failure);
    }
    return new EventStoreException(
        "Event store failure" + (state == null ? "" : " (SQLSTATE " + state + ")"), failure);
  }

  /**
   * The pool (JCA) could not hand out a connection, or the driver lost or could not open one: the
   * database is unreachable, which may pass.
   */
  private static boolean connectionUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.sql.SQLRecoverableException
          || t instanceof java.net.ConnectException
          || t.getClass().getName().startsWith("jakarta.resource.")
          || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /**
   * The first {@code SQLException} in the cause chain that carries an SQLSTATE, else the first one.
   * A server's connection wrapper may put an {@code SQLException} of its own without a state around
   * the driver's (Payara: {@code SQLException: UndeclaredThrowableException}, the driver's
   * exception further down); the driver's state is what names the failure.
   */
  private static SQLException findSqlException(Throwable failure) {
    SQLException first = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null) {
          return sql;
        }
        first = first == null ? sql : first;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return first;
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
