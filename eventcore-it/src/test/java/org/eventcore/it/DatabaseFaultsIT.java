package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, point 2: database faults under write load. Four clients deposit into accounts of their
 * own without pause while the database fails in one of five ways; in every case:
 *
 * <ul>
 *   <li>every request is answered, with 200 or with 503 and {@code Retry-After} — never another
 *       status, never silence — and within {@link #ANSWER_BOUND} (twice the service's configured
 *       bound of about 5 s: pool wait 1 s, connect 2 s, socket 2 s, transient retries for 1 s, ADR
 *       0013 — the slack keeps a loaded 2-core machine from failing the test, while a hang such as
 *       the one issue 15 saw, over 10 s, fails it);
 *   <li>every deposit answered 200 is stored, and every deposit answered with a 503 that says it
 *       did not happen (ES002, ES007) is not;
 *   <li>readiness goes DOWN while the fault lasts (for the faults that last) and UP again, and the
 *       clients' deposits succeed again — without restarting the server.
 * </ul>
 */
@EventCoreServerTest
@RunAsClient
class DatabaseFaultsIT {

  /** Longest answer accepted: twice the configured bound (see the class comment). */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);

  private static final int CLIENTS = 4;

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return Deployments.builtEar();
  }

  @Test
  void allSessionsKilled() throws Exception {
    underLoad(
        () ->
            terminateBackends(
                "select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where backend_type = 'client backend' and pid <> pg_backend_pid()"),
        null,
        false);
  }

  @Test
  void postgresCrashRestartAfterABackendIsKilled() throws Exception {
    underLoad(
        () -> {
          long pid;
          try (Connection connection = ServerDatabase.database().connect();
              Statement statement = connection.createStatement();
              ResultSet row =
                  statement.executeQuery(
                      "select pid from pg_stat_activity where backend_type = 'client backend'"
                          + " and pid <> pg_backend_pid() limit 1")) {
            assertThat(row.next()).as("a backend of the server").isTrue();
            pid = row.getLong(1);
          }
          // SIGKILL: the postmaster ends every backend, recovers and accepts connections again
          assertThat(ProcessHandle.of(pid)).isPresent();
          ProcessHandle.of(pid).get().destroyForcibly();
        },
        null,
        false);
  }

  @Test
  void postgresStoppedAndStartedAgain() throws Exception {
    assumeTrue(ServerDatabase.restartable(), "only the embedded database can be stopped here");
    underLoad(ServerDatabase::stopDatabase, ServerDatabase::startDatabase, true);
  }

  @Test
  void networkToTheDatabaseCutAndRestored() throws Exception {
    underLoad(ServerDatabase::disconnect, ServerDatabase::reconnect, true);
  }

  @Test
  void databaseStalls() throws Exception {
    underLoad(ServerDatabase::stall, ServerDatabase::resume, true);
  }

  /** A fault and its repair. */
  private interface Step {
    void run() throws Exception;
  }

  private record Answer(String correlation, int status, String code, boolean retryAfter, long ms) {}

  private static void underLoad(Step fault, Step repair, boolean lasting) throws Exception {
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String id = Api.fresh("faults");
      assertThat(Api.openAccount(id, 0).statusCode()).isEqualTo(201);
      accounts.add(id);
    }
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicInteger successes = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    for (String account : accounts) {
      running.add(
          clients.submit(
              () -> {
                while (!stop.get()) {
                  Answer answer = deposit(account);
                  answers.add(answer);
                  if (answer.status() == 200) {
                    successes.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    boolean repaired = repair == null;
    try {
      awaitMoreSuccesses(successes, 20);
      fault.run();
      if (lasting) {
        Http.awaitReadiness(503);
        repair.run();
        repaired = true;
      }
      Http.awaitReadiness(200);
      awaitMoreSuccesses(successes, 20);
    } finally {
      stop.set(true);
      clients.shutdown();
      if (!repaired) {
        repair.run();
      }
    }
    for (Future<?> client : running) {
      client.get(1, TimeUnit.MINUTES);
    }
    assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

    awaitProjectionsRunning();

    List<Answer> all = new ArrayList<>(answers);
    long refused = all.stream().filter(a -> a.status() == 503).count();
    long slowest = all.stream().mapToLong(Answer::ms).max().orElse(0);
    System.out.printf(
        "database fault: %d requests, %d answered 503, slowest answer %d ms%n",
        all.size(), refused, slowest);
    for (Answer answer : all) {
      assertThat(answer.status()).as("status of %s", answer).isIn(200, 503);
      if (answer.status() == 503) {
        assertThat(answer.retryAfter()).as("Retry-After on %s", answer).isTrue();
      }
      assertThat(answer.ms()).as("answer time of %s", answer).isLessThan(ANSWER_BOUND.toMillis());
    }
    Set<String> stored = storedCorrelations(accounts);
    for (Answer answer : all) {
      if (answer.status() == 200) {
        assertThat(stored)
            .as("acknowledged deposit %s is stored", answer)
            .contains(answer.correlation());
      } else if ("ES002".equals(answer.code()) || "ES007".equals(answer.code())) {
        assertThat(stored)
            .as("deposit %s, answered as not written, is not stored", answer)
            .doesNotContain(answer.correlation());
      }
    }
  }

  private static Answer deposit(String account) {
    String correlation = "fault-" + UUID.randomUUID();
    long started = System.nanoTime();
    HttpResponse<String> response =
        Http.postJson(
            Api.url("/accounts/" + account + "/deposits"),
            "{\"amount\":1}",
            "X-Correlation-Id",
            correlation);
    long ms = (System.nanoTime() - started) / 1_000_000;
    String code = null;
    if (response.statusCode() != 200 && response.body().startsWith("{")) {
      code = Api.json(response).getString("code", null);
    }
    return new Answer(
        correlation,
        response.statusCode(),
        code,
        response.headers().firstValue("Retry-After").isPresent(),
        ms);
  }

  private static void awaitMoreSuccesses(AtomicInteger successes, int more)
      throws InterruptedException {
    int target = successes.get() + more;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (successes.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(successes.get()).as("deposits succeed (again)").isGreaterThanOrEqualTo(target);
  }

  /**
   * The projections came through the fault by themselves: none is stopped or still backing off (at
   * most a minute: their back-off after database failures grows to 30 s). Later tests rely on them.
   */
  private static void awaitProjectionsRunning() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    HttpResponse<String> projections = Http.get(Api.url("/projections"));
    while (!allRunning(projections) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      projections = Http.get(Api.url("/projections"));
    }
    assertThat(allRunning(projections)).as(projections.body()).isTrue();
  }

  private static boolean allRunning(HttpResponse<String> projections) {
    return projections.statusCode() == 200
        && projections.body().contains("\"status\":\"RUNNING\"")
        && !projections.body().contains("BACKING_OFF")
        && !projections.body().contains("STOPPED");
  }

  private static void terminateBackends(String sql) throws Exception {
    try (Connection connection = ServerDatabase.database().connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      int ended = 0;
      while (rows.next()) {
        ended += rows.getBoolean(1) ? 1 : 0;
      }
      assertThat(ended).as("sessions of the server ended").isPositive();
    }
  }

  private static Set<String> storedCorrelations(List<String> accounts) throws Exception {
    try (Connection connection = ServerDatabase.database().connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select metadata->>'correlationId' from eventcore.events"
                    + " where stream_id = any(?::text[])")) {
      query.setArray(
          1,
          connection.createArrayOf(
              "text", accounts.stream().map(a -> "account-" + a).toArray(String[]::new)));
      Set<String> stored = new HashSet<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          stored.add(rows.getString(1));
        }
      }
      return stored;
    }
  }
}
