package org.eventcore.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.eventcore.bench.load.BenchData;

/**
 * Writes the workloads' data straight into the store's tables with set-based SQL (the schema allows
 * it: the immutability triggers only refuse updates and deletes). Every seeded stream has a head
 * whose version equals its number of events, as the store itself would leave it.
 */
final class Seeder {

  /** The opening event of a bench account: the banking domain's, padded to about 200 bytes. */
  private static final String OPENED_PAYLOAD =
      "jsonb_build_object('accountId', ?::text || '-' || n, 'owner', 'bench', 'initialBalance', "
          + BenchData.INITIAL_BALANCE
          + ", 'currency', 'EUR', 'reference', 'OPEN-2024-' || lpad(n::text, 9, '0'),"
          + " 'channel', 'online', 'description', 'Benchmark account opening payload padded to"
          + " 200 b')";

  private static final String METADATA =
      "jsonb_build_object('correlationId', gen_random_uuid()::text, 'custom',"
          + " jsonb_build_object('source', 'bench'))";

  private static final String DEPOSITED_PAYLOAD =
      "('{\"amount\":125.5,\"currency\":\"EUR\",\"accountId\":\"3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b\","
          + "\"reference\":\"DEP-2024-' || lpad(v::text, 9, '0') || '\",\"channel\":\"online\","
          + "\"description\":\"Benchmark deposit event payload padded to 200 b\"}')::jsonb";

  private Seeder() {}

  /** Accounts {@code account-<point>-1 … -<count>}, each opened with one event. */
  static void accounts(Connection connection, String point, int count) throws SQLException {
    try (PreparedStatement heads =
            connection.prepareStatement(
                "insert into eventcore.streams (stream_id, version)"
                    + " select 'account-' || ?::text || '-' || n, 1 from generate_series(1, ?) n");
        PreparedStatement events =
            connection.prepareStatement(
                "insert into eventcore.events"
                    + " (event_id, stream_id, stream_version, event_type, payload, metadata)"
                    + " select gen_random_uuid(), 'account-' || ?::text || '-' || n, 1,"
                    + " 'AccountOpened', "
                    + OPENED_PAYLOAD
                    + ", "
                    + METADATA
                    + " from generate_series(1, ?) n")) {
      heads.setString(1, point);
      heads.setInt(2, count);
      heads.executeUpdate();
      events.setString(1, point);
      events.setString(2, point);
      events.setInt(3, count);
      events.executeUpdate();
    }
  }

  /**
   * Two accounts {@code account-<point>-1} and {@code -2} whose streams hold {@code length} events
   * each: the opening event and {@code length - 1} deposits of 1 (about 200 bytes each).
   */
  static void longAccounts(Connection connection, String point, int length) throws SQLException {
    accounts(connection, point, 2);
    if (length <= 1) {
      return;
    }
    try (PreparedStatement events =
            connection.prepareStatement(
                "insert into eventcore.events"
                    + " (event_id, stream_id, stream_version, event_type, payload, metadata)"
                    + " select gen_random_uuid(), 'account-' || ?::text || '-' || n, v,"
                    + " 'MoneyDeposited', jsonb_build_object('accountId', ?::text || '-' || n,"
                    + " 'amount', 1, 'currency', 'EUR', 'reference', 'DEP-2024-' ||"
                    + " lpad(v::text, 9, '0'), 'channel', 'online', 'description',"
                    + " 'Benchmark deposit event payload padded to 200 bytes, long stream'), "
                    + METADATA
                    + " from generate_series(1, 2) n, generate_series(2, ?) v");
        PreparedStatement heads =
            connection.prepareStatement(
                "update eventcore.streams set version = ? where stream_id like 'account-' ||"
                    + " ?::text || '-_'")) {
      events.setString(1, point);
      events.setString(2, point);
      events.setInt(3, length);
      events.executeUpdate();
      heads.setLong(1, length);
      heads.setString(2, point);
      heads.executeUpdate();
    }
  }

  /** One stream of {@code length} {@code Deposited} events. */
  static void stream(Connection connection, String streamId, int length) throws SQLException {
    try (PreparedStatement heads =
            connection.prepareStatement(
                "insert into eventcore.streams (stream_id, version) values (?, ?)");
        PreparedStatement events =
            connection.prepareStatement(
                "insert into eventcore.events"
                    + " (event_id, stream_id, stream_version, event_type, payload, metadata)"
                    + " select gen_random_uuid(), ?, v, 'Deposited', "
                    + DEPOSITED_PAYLOAD
                    + ", "
                    + METADATA
                    + " from generate_series(1, ?) v")) {
      heads.setString(1, streamId);
      heads.setLong(2, length);
      heads.executeUpdate();
      events.setString(1, streamId);
      events.setInt(2, length);
      events.executeUpdate();
    }
  }

  /**
   * The global log: {@code events} {@code Deposited} events in streams {@code log-<k>} of 1,000
   * events, 100,000 events per transaction.
   */
  static void globalLog(Connection connection, int events) throws SQLException {
    int perStream = 1000;
    int streams = (events + perStream - 1) / perStream;
    int streamsPerTransaction = 100;
    try (PreparedStatement heads =
            connection.prepareStatement(
                "insert into eventcore.streams (stream_id, version)"
                    + " select 'log-' || k, ? from generate_series(?, ?) k");
        PreparedStatement rows =
            connection.prepareStatement(
                "insert into eventcore.events"
                    + " (event_id, stream_id, stream_version, event_type, payload, metadata)"
                    + " select gen_random_uuid(), 'log-' || k, v, 'Deposited', "
                    + DEPOSITED_PAYLOAD
                    + ", "
                    + METADATA
                    + " from generate_series(?, ?) k, generate_series(1, ?) v")) {
      for (int first = 1; first <= streams; first += streamsPerTransaction) {
        int last = Math.min(streams, first + streamsPerTransaction - 1);
        heads.setLong(1, perStream);
        heads.setInt(2, first);
        heads.setInt(3, last);
        heads.executeUpdate();
        rows.setInt(1, first);
        rows.setInt(2, last);
        rows.setInt(3, perStream);
        rows.executeUpdate();
      }
    }
  }

  /**
   * The accounts {@code account-scale-<first> … -<last>} of the scale series, each with {@code
   * perStream} events (the opening event and {@code perStream - 1} deposits of 1, about 200 bytes
   * each), heads and events in one set-based statement each, committed by the caller.
   */
  static void scaleAccounts(Connection connection, int first, int last, int perStream)
      throws SQLException {
    try (PreparedStatement heads =
            connection.prepareStatement(
                "insert into eventcore.streams (stream_id, version)"
                    + " select 'account-scale-' || n, ? from generate_series(?, ?) n");
        PreparedStatement events =
            connection.prepareStatement(
                "insert into eventcore.events"
                    + " (event_id, stream_id, stream_version, event_type, payload, metadata)"
                    + " select gen_random_uuid(), 'account-scale-' || n, v,"
                    + " case when v = 1 then 'AccountOpened' else 'MoneyDeposited' end,"
                    + " case when v = 1 then jsonb_build_object('accountId', 'scale-' || n,"
                    + " 'owner', 'bench', 'initialBalance', "
                    + BenchData.INITIAL_BALANCE
                    + ", 'currency', 'EUR', 'reference', 'OPEN-2024-' || lpad(n::text, 9, '0'),"
                    + " 'channel', 'online', 'description', 'Benchmark account opening payload"
                    + " padded to 200 b') else jsonb_build_object('accountId', 'scale-' || n,"
                    + " 'amount', 1, 'currency', 'EUR', 'reference', 'DEP-2024-' ||"
                    + " lpad(v::text, 9, '0'), 'channel', 'online', 'description',"
                    + " 'Benchmark deposit event payload padded to 200 bytes, scale') end, "
                    + METADATA
                    + " from generate_series(?, ?) n, generate_series(1, ?) v"
                    + " order by n, v")) {
      heads.setLong(1, perStream);
      heads.setInt(2, first);
      heads.setInt(3, last);
      heads.executeUpdate();
      events.setInt(1, first);
      events.setInt(2, last);
      events.setInt(3, perStream);
      events.executeUpdate();
    }
  }

  static void analyze(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("vacuum analyze eventcore.streams");
      statement.execute("vacuum analyze eventcore.events");
    }
  }
}
