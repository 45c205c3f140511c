package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.eventcore.dev.DevDatabase;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, point 1: the application server SIGKILLed under concurrent command load, twice, and
 * started again each time, on one database. Afterwards: every acknowledged command's events are
 * stored, no transfer is half-written, every account stream's versions are contiguous, money is
 * conserved, and the balances projection resumes and converges on the events.
 *
 * <p>A WildFly of its own ({@link StandaloneServer}, ports at {@code it.port.offset} + 1000), not
 * Arquillian's, on a database of its own.
 */
class CrashIT {

  private static final int ACCOUNTS = 8;
  private static final int CLIENTS = 6;
  private static final int KILLS = 2;

  @Test
  void sigkillUnderLoadLosesNoAcknowledgedCommandAndHalfWritesNone() throws Exception {
    try (DevDatabase database = DevDatabase.start();
        StandaloneServer server = new StandaloneServer("crash-1", 1000)) {
      server.start(database);
      List<String> accounts = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        String id = Api.fresh("crash");
        HttpResponse<String> opened =
            Http.postJson(
                server.api("/accounts"),
                "{\"accountId\":\"" + id + "\",\"owner\":\"crash\",\"initialBalance\":1000}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        accounts.add(id);
      }
      CommandLoad load = new CommandLoad(accounts);
      for (int round = 0; round < KILLS; round++) {
        load.start(CLIENTS, 1000L * round, i -> server.api(""));
        load.awaitAcknowledged(40);
        server.kill(); // while the clients keep sending
        load.stop();
        server.start(database);
      }
      load.start(CLIENTS, 99_000L, i -> server.api(""));
      load.awaitAcknowledged(20);
      load.stop();

      long unanswered = load.sent().stream().filter(s -> s.status() == -1).count();
      System.out.printf(
          "crash: %d commands sent, %d acknowledged, %d unanswered (server killed)%n",
          load.sent().size(), load.acknowledged(), unanswered);
      assertThat(load.sent())
          .as("answers are 200, 422 (funds), 409/503 (refusals) or none (killed)")
          .allSatisfy(s -> assertThat(s.status()).isIn(-1, 200, 409, 422, 503));
      load.assertStoreKeptEveryPromise(database);
      load.assertMoneyConserved(database);
      load.assertReadModelConverges(database);
    }
  }
}
