package org.eventcore.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the data a run leaves, so that a fast but wrong framework cannot look good: every stream
 * head's version equals its number of events and its highest version; every write point holds
 * exactly the events its clients saw committed (nothing lost, nothing extra); every transfer wrote
 * both its events in one transaction (no partial write) and money is conserved; the global feed,
 * read from the start, returns every event once.
 */
final class Verification {

  /** What a write point expects to find: its seeded events plus those its clients committed. */
  record Expectation(String point, long seeded, long committed, boolean transfers) {}

  private final List<Expectation> expectations = new ArrayList<>();

  void expect(String point, long seeded, long committed, boolean transfers) {
    expectations.add(new Expectation(point, seeded, committed, transfers));
  }

  /** The failures found; empty when the data is right. */
  List<String> check(Connection connection, RawWorkloads raw) throws SQLException {
    List<String> failures = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "select count(*), min(s.stream_id) from eventcore.streams s left join"
                  + " (select stream_id, count(*) c, max(stream_version) m from eventcore.events"
                  + " group by stream_id) e using (stream_id)"
                  + " where s.version <> coalesce(e.c, 0) or s.version <> coalesce(e.m, 0)")) {
        rs.next();
        if (rs.getLong(1) != 0) {
          failures.add(
              rs.getLong(1)
                  + " stream heads disagree with their events (first: "
                  + rs.getString(2)
                  + ")");
        }
      }
      try (ResultSet rs =
          statement.executeQuery(
              "select count(*) from (select transaction_id from eventcore.events"
                  + " where event_type in ('TransferDebited', 'TransferCredited')"
                  + " group by transaction_id having count(*) filter (where event_type ="
                  + " 'TransferDebited') <> count(*) filter (where event_type = 'TransferCredited'))"
                  + " partial")) {
        rs.next();
        if (rs.getLong(1) != 0) {
          failures.add(rs.getLong(1) + " transactions wrote one side of a transfer only");
        }
      }
    }
    Map<String, long[]> byPoint = new LinkedHashMap<>();
    try (PreparedStatement query =
            connection.prepareStatement(
                "select regexp_replace(substr(stream_id, 9), '-[0-9]+$', '') as point, count(*),"
                    + " coalesce(sum(case event_type when 'TransferCredited' then"
                    + " (payload->>'amount')::bigint when 'TransferDebited' then"
                    + " -(payload->>'amount')::bigint else 0 end), 0)"
                    + " from eventcore.events where stream_id like 'account-%' group by 1");
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        byPoint.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
      }
    }
    for (Expectation e : expectations) {
      long[] found = byPoint.getOrDefault(e.point(), new long[] {0, 0});
      long expected = e.seeded() + e.committed();
      if (found[0] != expected) {
        failures.add(
            "point "
                + e.point()
                + ": "
                + found[0]
                + " events stored, "
                + expected
                + " expected ("
                + e.seeded()
                + " seeded + "
                + e.committed()
                + " committed)");
      }
      if (e.transfers() && found[1] != 0) {
        failures.add("point " + e.point() + ": transfers do not conserve money (" + found[1] + ")");
      }
    }
    long total;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select count(*) from eventcore.events")) {
      rs.next();
      total = rs.getLong(1);
    }
    long fed = raw.countFeed();
    if (fed != total) {
      failures.add("the global feed returned " + fed + " events of " + total);
    }
    return failures;
  }

  int points() {
    return expectations.size();
  }
}
