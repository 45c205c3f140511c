package org.eventcore.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eventcore.bench.load.BenchData;
import org.eventcore.bench.load.Fold;
import org.eventcore.bench.load.LoadLoop;
import org.eventcore.bench.load.Measurement;
import org.eventcore.dev.DevDatabase;

/**
 * The raw-SQL limit: the statements the framework issues for W1, W2 and W3 (copied from {@code
 * JpaEventStore}: lock the heads in stream order, one CTE that inserts the events from arrays and
 * moves the heads, the feed query), issued with plain JDBC prepared statements on one connection
 * per client, no JPA, no JTA, no framework. Same database, same data shapes, same run.
 */
final class RawWorkloads {

  static final String READ_VERSIONS =
      "select stream_id, version from eventcore.streams where stream_id = any(?::text[])";

  static final String LOCK_HEADS =
      "select stream_id, version from eventcore.streams"
          + " where stream_id = any(?::text[]) order by stream_id for no key update";

  static final String INSERT_EVENTS_AND_MOVE_HEADS =
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

  static final String READ_HEAD = "select version from eventcore.streams where stream_id = ?";

  static final String READ_STREAM =
      "select global_position, event_id, stream_id, stream_version, event_type, schema_version,"
          + " payload::text, metadata::text, recorded_at, transaction_id::text"
          + " from eventcore.events where stream_id = ? and stream_version between ? and ?"
          + " order by stream_version limit ?";

  static final String READ_FEED =
      "select e.global_position, e.event_id, e.stream_id, e.stream_version, e.event_type,"
          + " e.schema_version, e.payload::text as payload_text,"
          + " e.metadata::text as metadata_text, e.recorded_at,"
          + " e.transaction_id::text as transaction_text"
          + " from eventcore.events e"
          + " where (e.transaction_id, e.global_position) > (?::text::xid8, ?)"
          + " and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())"
          + " order by e.transaction_id, e.global_position"
          + " limit ?";

  static final String ADVANCE_CHECKPOINT =
      "update eventcore.projection_checkpoints set cursor_transaction = ?, cursor_position = ?,"
          + " events_processed = events_processed + ?, updated_at = now() where projection = ?";

  /** One event row as a reader gets it (every column is read and converted). */
  record Row(
      long position,
      UUID id,
      String stream,
      long version,
      String type,
      int schemaVersion,
      String payload,
      String metadata,
      OffsetDateTime recordedAt,
      long transaction) {}

  private final DevDatabase database;

  RawWorkloads(DevDatabase database) {
    this.database = database;
  }

  /** W1 with plain JDBC: lock the head, compare, insert + move head, commit (3 round trips). */
  Measurement w1(String point, int accounts, int clients, Duration warmup, Duration measured)
      throws Exception {
    AtomicLongArray versions = new AtomicLongArray(accounts + 1);
    for (int n = 1; n <= accounts; n++) {
      versions.set(n, 1);
    }
    List<Connection> connections = open(clients);
    try {
      return LoadLoop.run(
          clients,
          warmup,
          measured,
          i -> {
            Connection c = connections.get(i);
            return client -> {
              int n = 1 + client.random().nextInt(accounts);
              String stream = BenchData.accountStream(point, n);
              long expected = versions.get(n);
              try {
                long actual = lockHeads(c, new String[] {stream})[0];
                if (actual != expected) {
                  c.rollback();
                  client.conflict();
                  versions.set(n, actual);
                  return;
                }
                String payload =
                    BenchData.depositedPayload(client.random().nextLong(1_000_000_000L));
                insert(
                    c,
                    new String[] {stream},
                    new long[] {expected + 1},
                    new String[] {BenchData.DEPOSITED},
                    new String[] {payload});
                c.commit();
                versions.compareAndSet(n, expected, expected + 1);
                client.events(1);
              } catch (SQLException e) {
                c.rollback();
                throw e;
              }
            };
          },
          () -> {});
    } finally {
      close(connections);
    }
  }

  /**
   * W2 with plain JDBC: read both versions, lock both heads in order, compare, insert both events
   * and move both heads in one statement, commit (4 round trips); a conflict rolls back and the
   * whole read-decide-append runs again at once.
   */
  Measurement w2(String point, int accounts, int clients, Duration warmup, Duration measured)
      throws Exception {
    List<Connection> connections = open(clients);
    try {
      return LoadLoop.run(
          clients,
          warmup,
          measured,
          i -> {
            Connection c = connections.get(i);
            return client -> {
              int[] pair = BenchData.distinctPair(client.random(), accounts);
              int from = pair[0];
              int to = pair[1];
              String fromId = BenchData.accountId(point, from);
              String toId = BenchData.accountId(point, to);
              String fromStream = "account-" + fromId;
              String toStream = "account-" + toId;
              String body = "{\"amount\":1,\"from\":\"" + fromId + "\",\"to\":\"" + toId + "\"}";
              boolean first = true;
              while (true) {
                if (!first) {
                  client.retries(1);
                }
                first = false;
                try {
                  long[] read = readVersions(c, fromStream, toStream);
                  String[] sorted =
                      fromStream.compareTo(toStream) < 0
                          ? new String[] {fromStream, toStream}
                          : new String[] {toStream, fromStream};
                  long[] locked = lockHeads(c, sorted);
                  long lockedFrom = sorted[0].equals(fromStream) ? locked[0] : locked[1];
                  long lockedTo = sorted[0].equals(fromStream) ? locked[1] : locked[0];
                  if (lockedFrom != read[0] || lockedTo != read[1]) {
                    c.rollback();
                    client.conflict();
                    continue;
                  }
                  insert(
                      c,
                      new String[] {fromStream, toStream},
                      new long[] {read[0] + 1, read[1] + 1},
                      new String[] {"TransferDebited", "TransferCredited"},
                      new String[] {body, body});
                  c.commit();
                  client.events(2);
                  return;
                } catch (SQLException e) {
                  c.rollback();
                  if ("40P01".equals(e.getSQLState()) || "23505".equals(e.getSQLState())) {
                    client.conflict();
                    continue;
                  }
                  throw e;
                }
              }
            };
          },
          () -> {});
    } finally {
      close(connections);
    }
  }

  /** W3: the head and every event of one stream, in one transaction. */
  Measurement readStream(String streamId, Duration warmup, Duration measured) throws Exception {
    List<Connection> connections = open(1);
    try {
      Connection c = connections.get(0);
      return LoadLoop.run(
          1,
          warmup,
          measured,
          i ->
              client -> {
                long version;
                try (PreparedStatement head = c.prepareStatement(READ_HEAD)) {
                  head.setString(1, streamId);
                  try (ResultSet rs = head.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                  }
                }
                List<Row> rows = new ArrayList<>();
                try (PreparedStatement read = c.prepareStatement(READ_STREAM)) {
                  read.setString(1, streamId);
                  read.setLong(2, 1);
                  read.setLong(3, Long.MAX_VALUE);
                  read.setInt(4, 100_000);
                  try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                      rows.add(row(rs));
                    }
                  }
                }
                c.commit();
                if (rows.size() != version) {
                  throw new IllegalStateException("Read " + rows.size() + " events of " + streamId);
                }
                client.events(rows.size());
                client.items(1);
              },
          () -> {});
    } finally {
      close(connections);
    }
  }

  /** W3: the global feed in pages, one transaction per page, from the start again at the end. */
  Measurement readFeed(int pageSize, Duration warmup, Duration measured) throws Exception {
    List<Connection> connections = open(1);
    try {
      Connection c = connections.get(0);
      return LoadLoop.run(
          1,
          warmup,
          measured,
          i -> {
            long[] cursor = {0, 0};
            return client -> {
              List<Row> page = feedPage(c, cursor, pageSize);
              c.commit();
              if (page.isEmpty()) {
                cursor[0] = 0;
                cursor[1] = 0;
              }
              client.events(page.size());
              client.items(1);
            };
          },
          () -> {});
    } finally {
      close(connections);
    }
  }

  /**
   * W3: replay with plain JDBC: per batch, a feed page, the same fold as the library replay, the
   * checkpoint moved, commit.
   */
  Measurement replay(int batchSize, Duration warmup, Duration measured) throws Exception {
    List<Connection> connections = open(1);
    try {
      Connection c = connections.get(0);
      return LoadLoop.run(
          1,
          warmup,
          measured,
          i -> {
            long[] cursor = {0, 0};
            Fold[] fold = {new Fold()};
            String[] name = {null};
            return client -> {
              if (name[0] == null) {
                name[0] = newCheckpoint(c);
              }
              List<Row> page = feedPage(c, cursor, batchSize);
              if (page.isEmpty()) {
                c.commit();
                cursor[0] = 0;
                cursor[1] = 0;
                fold[0] = new Fold();
                name[0] = null;
                return;
              }
              for (Row row : page) {
                fold[0].apply(row.type(), row.payload());
              }
              try (PreparedStatement advance = c.prepareStatement(ADVANCE_CHECKPOINT)) {
                advance.setLong(1, cursor[0]);
                advance.setLong(2, cursor[1]);
                advance.setLong(3, page.size());
                advance.setString(4, name[0]);
                advance.executeUpdate();
              }
              c.commit();
              client.events(page.size());
              client.items(1);
            };
          },
          () -> {});
    } finally {
      close(connections);
    }
  }

  /** Every event of the feed, once, from the start: the count a reader that never skips sees. */
  long countFeed() throws SQLException {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      long[] cursor = {0, 0};
      long total = 0;
      while (true) {
        List<Row> page = feedPage(c, cursor, 10_000);
        c.commit();
        if (page.isEmpty()) {
          return total;
        }
        total += page.size();
      }
    }
  }

  private static String newCheckpoint(Connection c) throws SQLException {
    String name = "bench-raw-replay-" + UUID.randomUUID();
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into eventcore.projection_checkpoints (projection) values (?)")) {
      insert.setString(1, name);
      insert.executeUpdate();
    }
    c.commit();
    return name;
  }

  private static List<Row> feedPage(Connection c, long[] cursor, int limit) throws SQLException {
    List<Row> rows = new ArrayList<>(limit);
    try (PreparedStatement query = c.prepareStatement(READ_FEED)) {
      query.setString(1, Long.toString(cursor[0]));
      query.setLong(2, cursor[1]);
      query.setInt(3, limit);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          Row row = row(rs);
          rows.add(row);
          cursor[0] = row.transaction();
          cursor[1] = row.position();
        }
      }
    }
    return rows;
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getLong(1),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getInt(6),
        rs.getString(7),
        rs.getString(8),
        rs.getObject(9, OffsetDateTime.class),
        Long.parseLong(rs.getString(10)));
  }

  private static long[] readVersions(Connection c, String a, String b) throws SQLException {
    long[] versions = new long[2];
    try (PreparedStatement read = c.prepareStatement(READ_VERSIONS)) {
      read.setArray(1, c.createArrayOf("text", new String[] {a, b}));
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          versions[rs.getString(1).equals(a) ? 0 : 1] = rs.getLong(2);
        }
      }
    }
    return versions;
  }

  /** Locks the heads (given in stream order) and returns their versions in that order. */
  private static long[] lockHeads(Connection c, String[] sortedStreams) throws SQLException {
    long[] versions = new long[sortedStreams.length];
    try (PreparedStatement lock = c.prepareStatement(LOCK_HEADS)) {
      lock.setArray(1, c.createArrayOf("text", sortedStreams));
      try (ResultSet rs = lock.executeQuery()) {
        int k = 0;
        while (rs.next()) {
          versions[k++] = rs.getLong(2);
        }
      }
    }
    return versions;
  }

  private static void insert(
      Connection c, String[] streams, long[] versions, String[] types, String[] payloads)
      throws SQLException {
    int count = streams.length;
    UUID[] ids = new UUID[count];
    Long[] boxedVersions = new Long[count];
    Integer[] schemas = new Integer[count];
    String[] metadata = new String[count];
    String correlation = BenchData.newCorrelationId();
    for (int k = 0; k < count; k++) {
      ids[k] = UUID.randomUUID();
      boxedVersions[k] = versions[k];
      schemas[k] = 1;
      metadata[k] = BenchData.metadataJson(correlation);
    }
    try (PreparedStatement insert = c.prepareStatement(INSERT_EVENTS_AND_MOVE_HEADS)) {
      insert.setArray(1, array(c, "uuid", ids));
      insert.setArray(2, array(c, "text", streams));
      insert.setArray(3, array(c, "bigint", boxedVersions));
      insert.setArray(4, array(c, "text", types));
      insert.setArray(5, array(c, "integer", schemas));
      insert.setArray(6, array(c, "text", payloads));
      insert.setArray(7, array(c, "text", metadata));
      insert.setArray(8, array(c, "text", streams));
      insert.setArray(9, array(c, "bigint", boxedVersions));
      try (ResultSet rs = insert.executeQuery()) {
        while (rs.next()) {
          rs.getLong(2);
        }
      }
    }
  }

  private static Array array(Connection c, String type, Object[] values) throws SQLException {
    return c.createArrayOf(type, values);
  }

  private List<Connection> open(int count) throws SQLException {
    List<Connection> connections = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      Connection c = database.connect();
      c.setAutoCommit(false);
      connections.add(c);
    }
    return connections;
  }

  private static void close(List<Connection> connections) {
    for (Connection c : connections) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // going away
      }
    }
  }
}
