package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eventcore.dev.DevDatabase;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, point 7: two WildFly servers (node ids {@code node-a} and {@code node-b}, ports at
 * {@code it.port.offset} + 1000 and + 2000) on one PostgreSQL, commands sent to both at once. Money
 * is conserved, every command is stored whole, versions stay contiguous; each projection is run by
 * exactly one node (one lease owner at every look, and the balances projection read each event of
 * the feed once); SIGKILL the node that runs the balances projection and the other takes it over
 * once the lease (5 s here) has run out, and the read model converges on the events.
 */
class TwoServersIT {

  private static final String PROJECTION = "account-balances";
  private static final int LEASE_SECONDS = 5;
  private static final int ACCOUNTS = 8;

  @Test
  void twoServersShareOneDatabaseAndTheSurvivorTakesTheProjectionOver() throws Exception {
    String lease = "-Deventcore.projection.lease-seconds=" + LEASE_SECONDS;
    try (DevDatabase database = DevDatabase.start();
        StandaloneServer a = new StandaloneServer("node-a", 1000, lease);
        StandaloneServer b = new StandaloneServer("node-b", 2000, lease)) {
      a.start(database);
      b.start(database);
      List<String> accounts = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        String id = Api.fresh("two");
        StandaloneServer via = i % 2 == 0 ? a : b;
        HttpResponse<String> opened =
            Http.postJson(
                via.api("/accounts"),
                "{\"accountId\":\"" + id + "\",\"owner\":\"two\",\"initialBalance\":1000}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        accounts.add(id);
      }

      CommandLoad load = new CommandLoad(accounts);
      load.start(6, 7L, i -> (i % 2 == 0 ? a : b).api(""));
      load.awaitAcknowledged(60);
      String owner = awaitOwner(database, Set.of("node-a", "node-b"));
      StandaloneServer running = owner.equals("node-a") ? a : b;
      StandaloneServer survivor = running == a ? b : a;
      load.stop();

      // the load goes on against the survivor only; the owner dies under it
      load.start(4, 8L, i -> survivor.api(""));
      load.awaitAcknowledged(20);
      long killedAt = System.nanoTime();
      running.kill();
      String next = awaitOwner(database, Set.of(survivor.name()));
      long takeOverMillis = (System.nanoTime() - killedAt) / 1_000_000;
      load.awaitAcknowledged(20);
      load.stop();

      System.out.printf(
          "two servers: %s ran %s, %s took over %d ms after the SIGKILL (lease %d s)%n",
          owner, PROJECTION, next, takeOverMillis, LEASE_SECONDS);
      assertThat(takeOverMillis)
          .as("taken over once the lease ran out, not long after (4 x the lease: slack for load)")
          .isLessThan(TimeUnit.SECONDS.toMillis(4L * LEASE_SECONDS));
      assertThat(load.sent()).allSatisfy(s -> assertThat(s.status()).isIn(-1, 200, 409, 422, 503));
      load.assertStoreKeptEveryPromise(database);
      load.assertMoneyConserved(database);
      load.assertReadModelConverges(database);
      assertEachEventReadOnce(database);
    }
  }

  /** Polls the lease until one of {@code nodes} owns the balances projection (at most 2 min). */
  private static String awaitOwner(DevDatabase database, Set<String> nodes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    Set<String> seen = new HashSet<>();
    while (System.nanoTime() < deadline) {
      String owner = owner(database);
      seen.add(String.valueOf(owner));
      if (owner != null && nodes.contains(owner)) {
        return owner;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("No owner among " + nodes + " for " + PROJECTION + "; seen " + seen);
  }

  private static String owner(DevDatabase database) throws Exception {
    try (Connection connection = database.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select owner from eventcore.projection_checkpoints"
                    + " where projection = ? and lease_expires_at > now()")) {
      query.setString(1, PROJECTION);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  /**
   * Exactly one node ran the projection at a time: once it has caught up, it has read as many
   * events as the feed holds — a batch run twice (by two nodes) would have counted twice.
   */
  private static void assertEachEventReadOnce(DevDatabase database) throws Exception {
    try (Connection connection = database.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select c.events_read, (select count(*) from eventcore.events)"
                    + " from eventcore.projection_checkpoints c where c.projection = ?")) {
      query.setString(1, PROJECTION);
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getLong(1)).as("events read by %s", PROJECTION).isEqualTo(row.getLong(2));
      }
    }
  }
}
