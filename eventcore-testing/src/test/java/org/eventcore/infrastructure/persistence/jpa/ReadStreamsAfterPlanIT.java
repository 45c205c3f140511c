package org.eventcore.infrastructure.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eventcore.infrastructure.persistence.migration.EventCoreSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 17, point 1 (ADR 0016): the read of a command's streams is an index range scan per stream
 * whatever the table statistics say. The trap that made a cold two-stream read cost 40 ms: a few
 * long streams analysed, then many short ones added and not analysed yet, so the statistics say
 * that any stream id matches a large share of the events; the former statement (a plain left join
 * on the stream id) then became a hash join over a sequential scan of every event, for custom and
 * generic plans alike. This test builds that store in a database of its own and reads the plans —
 * no timing.
 */
class ReadStreamsAfterPlanIT {

  /** The statement before issue 17, kept here to show that this store reproduces the trap. */
  private static final String FORMER_READ_STREAMS_AFTER =
      "select r.ord, r.stream_id as requested, coalesce(h.version, 0) as head,"
          + " e.global_position, e.event_id, e.stream_version, e.event_type, e.schema_version,"
          + " e.payload::text as payload_text, e.metadata::text as metadata_text, e.recorded_at"
          + " from unnest(?::text[], ?::bigint[]) with ordinality as r(stream_id, after, ord)"
          + " left join eventcore.streams h on h.stream_id = r.stream_id"
          + " left join eventcore.events e"
          + " on e.stream_id = r.stream_id and e.stream_version > r.after"
          + " order by r.ord, e.stream_version";

  private static final String DATABASE =
      "plan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static String url;

  @BeforeAll
  static void skewedStore() throws SQLException {
    TestDatabase shared = TestDatabase.get();
    try (Connection admin = shared.dataSource.getConnection();
        Statement s = admin.createStatement()) {
      s.execute("create database " + DATABASE);
    }
    url = shared.database.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + DATABASE + "$1");
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url);
    source.setUser(shared.database.user());
    source.setPassword(shared.database.password());
    EventCoreSchema.migrate(source);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("alter table eventcore.events set (autovacuum_enabled = false)");
      s.execute("alter table eventcore.streams set (autovacuum_enabled = false)");
      // two long streams, analysed ...
      s.execute(
          "insert into eventcore.streams (stream_id, version)"
              + " select 'long-' || n, 20000 from generate_series(1, 2) n");
      s.execute(
          "insert into eventcore.events (event_id, stream_id, stream_version, event_type,"
              + " payload) select gen_random_uuid(), 'long-' || n, v, 'Deposited',"
              + " jsonb_build_object('amount', v, 'padding', repeat('x', 150))"
              + " from generate_series(1, 2) n, generate_series(1, 20000) v");
      s.execute("analyze eventcore.streams");
      s.execute("analyze eventcore.events");
      // ... then many short ones, not analysed yet
      s.execute(
          "insert into eventcore.streams (stream_id, version)"
              + " select 'short-' || n, 1 from generate_series(1, 10000) n");
      s.execute(
          "insert into eventcore.events (event_id, stream_id, stream_version, event_type,"
              + " payload) select gen_random_uuid(), 'short-' || n, 1, 'Deposited',"
              + " jsonb_build_object('amount', n, 'padding', repeat('x', 150))"
              + " from generate_series(1, 10000) n");
    }
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    try (Connection admin = TestDatabase.get().dataSource.getConnection();
        Statement s = admin.createStatement()) {
      s.execute("drop database if exists " + DATABASE + " with (force)");
    }
  }

  private static Connection connect() throws SQLException {
    TestDatabase shared = TestDatabase.get();
    return DriverManager.getConnection(url, shared.database.user(), shared.database.password());
  }

  /** The plan of {@code sql} for two short streams, as a custom or as a generic plan. */
  private static String plan(String sql, boolean generic) throws SQLException {
    String prepared = sql;
    int parameter = 0;
    while (prepared.contains("?::")) {
      prepared = prepared.replaceFirst("\\?::", "\\$" + (++parameter) + "::");
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("set plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
      s.execute("prepare read_streams_after(text[], bigint[]) as " + prepared);
      List<String> lines = new ArrayList<>();
      try (ResultSet rows =
          s.executeQuery("explain execute read_streams_after('{short-17,short-4242}', '{0,0}')")) {
        while (rows.next()) {
          lines.add(rows.getString(1));
        }
      }
      return String.join("\n", lines).toLowerCase(Locale.ROOT);
    }
  }

  @Test
  void theFormerStatementScansEveryEventInThisStore() throws SQLException {
    assertThat(plan(FORMER_READ_STREAMS_AFTER, false))
        .as("the trap is really set: without it this test proves nothing")
        .contains("seq scan on events");
  }

  @Test
  void theReadOfTwoShortStreamsIsAnIndexRangeScanPerStreamForCustomAndGenericPlans()
      throws SQLException {
    for (boolean generic : new boolean[] {false, true}) {
      String plan = plan(JpaEventStore.READ_STREAMS_AFTER, generic);
      assertThat(plan)
          .as(generic ? "generic plan" : "custom plan")
          .doesNotContain("seq scan on events")
          .doesNotContain("hash join")
          .contains("index scan using events_stream_version_key on events")
          .contains("index scan using streams_pkey on streams");
    }
  }

  @Test
  void onTheSameStoreItReturnsEachStreamsEventsAfterTheVersionUpToTheHeadInOrder()
      throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect();
        var query = c.prepareStatement(JpaEventStore.READ_STREAMS_AFTER)) {
      query.setArray(1, c.createArrayOf("text", new String[] {"long-2", "short-17", "none"}));
      query.setArray(2, c.createArrayOf("bigint", new Long[] {19_997L, 0L, 0L}));
      try (ResultSet r = query.executeQuery()) {
        while (r.next()) {
          rows.add(r.getInt("ord") + ":" + r.getLong("head") + ":" + r.getObject("stream_version"));
        }
      }
    }
    assertThat(rows)
        .containsExactly("1:20000:19998", "1:20000:19999", "1:20000:20000", "2:1:1", "3:0:null");
  }
}
