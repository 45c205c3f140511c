package org.eventcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eventcore.dev.DevDatabase;

/**
 * Concurrent banking commands over HTTP — transfers between random accounts and deposits — with
 * every outcome recorded by correlation id, and the checks that the store kept what it promised
 * (used by the crash and the two-server tests). Seeded: the same seed sends the same commands.
 */
final class CommandLoad {

  /** What one request was and how it was answered; status -1: no answer (the server died). */
  record Sent(String correlation, boolean transfer, int status) {}

  private final List<String> accounts;
  private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private ExecutorService clients;
  private final List<Future<?>> running = new ArrayList<>();

  CommandLoad(List<String> accounts) {
    this.accounts = List.copyOf(accounts);
  }

  /**
   * Starts {@code threads} clients; client {@code i} sends to the API base {@code apiOf.apply(i)}
   * (e.g. {@code http://localhost:9080/api/v1}), with random generator {@code seed + i}.
   */
  void start(int threads, long seed, Function<Integer, String> apiOf) {
    stop.set(false);
    clients = Executors.newFixedThreadPool(threads);
    running.clear();
    for (int i = 0; i < threads; i++) {
      Random random = new Random(seed + i);
      String api = apiOf.apply(i);
      running.add(clients.submit(() -> sendUntilStopped(random, api)));
    }
  }

  private Void sendUntilStopped(Random random, String api) {
    while (!stop.get()) {
      String correlation = "load-" + UUID.randomUUID();
      boolean transfer = random.nextInt(3) > 0;
      String from = accounts.get(random.nextInt(accounts.size()));
      String to = accounts.get(random.nextInt(accounts.size()));
      if (transfer && from.equals(to)) {
        continue;
      }
      long amount = 1 + random.nextInt(20);
      int status;
      try {
        HttpResponse<String> response =
            transfer
                ? Http.postJson(
                    api + "/transfers",
                    "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}",
                    "X-Correlation-Id",
                    correlation)
                : Http.postJson(
                    api + "/accounts/" + to + "/deposits",
                    "{\"amount\":" + amount + "}",
                    "X-Correlation-Id",
                    correlation);
        status = response.statusCode();
      } catch (UncheckedIOException noAnswer) {
        status = -1;
      }
      sent.add(new Sent(correlation, transfer, status));
      if (status == 200) {
        acknowledged.incrementAndGet();
      }
    }
    return null;
  }

  int acknowledged() {
    return acknowledged.get();
  }

  /** Waits (at most 3 minutes) until {@code more} further commands were acknowledged. */
  void awaitAcknowledged(int more) throws InterruptedException {
    int target = acknowledged.get() + more;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (acknowledged.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(acknowledged.get()).as("commands acknowledged").isGreaterThanOrEqualTo(target);
  }

  /** Stops the clients and waits for them. */
  void stop() throws Exception {
    stop.set(true);
    for (Future<?> client : running) {
      client.get(2, TimeUnit.MINUTES);
    }
    clients.shutdown();
    assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
  }

  List<Sent> sent() {
    return new ArrayList<>(sent);
  }

  /**
   * The store kept its promises: every acknowledged command's events are stored; every command is
   * stored whole or not at all (a transfer is one debit and one credit of the same amount, a
   * deposit one event); every account stream's versions run 1, 2, … up to its head without a gap.
   */
  void assertStoreKeptEveryPromise(DevDatabase database) throws Exception {
    Map<String, List<String>> typesByCorrelation = new HashMap<>();
    try (Connection connection = database.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select metadata->>'correlationId', event_type from eventcore.events"
                    + " where stream_id = any(?::text[]) and metadata->>'correlationId' like 'load-%'")) {
      query.setArray(1, connection.createArrayOf("text", streams()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          typesByCorrelation
              .computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
              .add(rows.getString(2));
        }
      }
    }
    Map<String, Sent> byCorrelation = new HashMap<>();
    for (Sent one : sent) {
      byCorrelation.put(one.correlation(), one);
      if (one.status() == 200) {
        assertThat(typesByCorrelation.get(one.correlation()))
            .as("events of acknowledged %s", one)
            .hasSize(one.transfer() ? 2 : 1);
      }
    }
    for (Map.Entry<String, List<String>> stored : typesByCorrelation.entrySet()) {
      Sent one = byCorrelation.get(stored.getKey());
      assertThat(one).as("stored command %s was sent", stored.getKey()).isNotNull();
      if (one.transfer()) {
        assertThat(stored.getValue())
            .as("transfer %s whole", one)
            .hasSize(2)
            .anyMatch(t -> t.endsWith("TransferDebited"))
            .anyMatch(t -> t.endsWith("TransferCredited"));
      } else {
        assertThat(stored.getValue()).as("deposit %s once", one).hasSize(1);
      }
    }
    try (Connection connection = database.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select h.stream_id, h.version, count(e.*), coalesce(min(e.stream_version), 0),"
                    + " coalesce(max(e.stream_version), 0)"
                    + " from eventcore.streams h left join eventcore.events e using (stream_id)"
                    + " where h.stream_id = any(?::text[]) group by h.stream_id, h.version")) {
      query.setArray(1, connection.createArrayOf("text", streams()));
      int seen = 0;
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          seen++;
          String stream = rows.getString(1);
          long head = rows.getLong(2);
          assertThat(rows.getLong(3)).as("events of %s", stream).isEqualTo(head);
          assertThat(rows.getLong(4)).as("first version of %s", stream).isEqualTo(1);
          assertThat(rows.getLong(5)).as("last version of %s", stream).isEqualTo(head);
        }
      }
      assertThat(seen).isEqualTo(accounts.size());
    }
  }

  /**
   * Money is conserved: the accounts' balances, folded from their events, add up to what was opened
   * plus what was deposited (transfers move money, never make or lose it).
   */
  void assertMoneyConserved(DevDatabase database) throws Exception {
    try (Connection connection = database.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "select"
                    + " coalesce(sum((payload->>'initialBalance')::bigint)"
                    + "   filter (where event_type like '%AccountOpened'), 0)"
                    + " + coalesce(sum((payload->>'amount')::bigint)"
                    + "   filter (where event_type like '%MoneyDeposited'), 0),"
                    + " coalesce(sum((payload->>'amount')::bigint)"
                    + "   filter (where event_type like '%TransferCredited'), 0)"
                    + " - coalesce(sum((payload->>'amount')::bigint)"
                    + "   filter (where event_type like '%TransferDebited'), 0)"
                    + " from eventcore.events where stream_id = any(?::text[])")) {
      query.setArray(1, connection.createArrayOf("text", streams()));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        assertThat(row.getLong(1)).as("money brought in").isPositive();
        assertThat(row.getLong(2)).as("credits minus debits of all transfers").isZero();
      }
    }
  }

  /**
   * The balances read model converges on the events (at most 2 minutes): every account's row has
   * the stream's head version and the balance folded from its events.
   */
  void assertReadModelConverges(DevDatabase database) throws Exception {
    String diverging =
        "select count(*) from eventcore.streams h"
            + " left join examples.account_balances b on b.account_id = substr(h.stream_id, 9)"
            + " left join lateral (select"
            + "   coalesce(sum(case"
            + "     when e.event_type like '%AccountOpened' then (e.payload->>'initialBalance')::bigint"
            + "     when e.event_type like '%MoneyDeposited' then (e.payload->>'amount')::bigint"
            + "     when e.event_type like '%TransferCredited' then (e.payload->>'amount')::bigint"
            + "     when e.event_type like '%TransferDebited' then -(e.payload->>'amount')::bigint"
            + "     when e.event_type like '%MoneyWithdrawn' then -(e.payload->>'amount')::bigint"
            + "   end), 0) as balance"
            + "   from eventcore.events e where e.stream_id = h.stream_id) f on true"
            + " where h.stream_id = any(?::text[])"
            + " and (b.version is distinct from h.version or b.balance is distinct from f.balance)";
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    long left;
    do {
      try (Connection connection = database.connect();
          PreparedStatement query = connection.prepareStatement(diverging)) {
        query.setArray(1, connection.createArrayOf("text", streams()));
        try (ResultSet row = query.executeQuery()) {
          row.next();
          left = row.getLong(1);
        }
      }
      if (left > 0) {
        Thread.sleep(200);
      }
    } while (left > 0 && System.nanoTime() < deadline);
    assertThat(left).as("accounts whose read model differs from their events").isZero();
  }

  private String[] streams() {
    return accounts.stream().map(a -> "account-" + a).toArray(String[]::new);
  }
}
