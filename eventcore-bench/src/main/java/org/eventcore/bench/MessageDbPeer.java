package org.eventcore.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.GZIPInputStream;
import org.eventcore.bench.load.BenchData;
import org.eventcore.bench.load.LoadLoop;
import org.eventcore.bench.load.Measurement;
import org.eventcore.dev.DevDatabase;

/**
 * The Message DB peer (issue 17, point 3): Message DB's own SQL (schema {@code message_store}, its
 * {@code messages} table, indexes and functions), installed into the benchmark database at
 * benchmark time from its npm package {@code @eventide/message-db} — downloaded from the npm
 * registry, checked against the registry's sha512 integrity, never copied into this repository —
 * and driven over JDBC by the same load loop as the raw-SQL and EventCore points, with the same
 * clients, the same streams per point (one opening message each) and the same payloads.
 *
 * <ul>
 *   <li>W1: {@code write_message(id, stream, type, data, metadata, expected_version)} on a random
 *       stream, its version tracked by the client; a wrong expected version is counted as a
 *       conflict (not retried), as for the other W1 points.
 *   <li>W2: read both stream versions ({@code stream_version}), then two {@code write_message}
 *       calls with those expected versions in one transaction; a conflict rolls back and the whole
 *       read-decide-append runs again.
 * </ul>
 *
 * <p>Message DB serialises writers per <em>category</em> (an advisory lock on the category, the
 * part of the stream name before the first {@code -}). The streams are named {@code
 * account<k>-<point>-<n>} with {@code k = n mod 64}, i.e. spread over 64 categories — Message DB's
 * faster case (WORKLOADS.md gives both); a single {@code account} category would serialise every
 * writer.
 */
final class MessageDbPeer {

  static final String VERSION = "1.3.1";

  /** The registry's {@code dist.integrity} of version 1.3.1. */
  private static final String INTEGRITY =
      "sha512-n3hdE5YAZNXTr2HK9gG0GJ6dusgdE544LTvS+21/yOEHBvNuUzNmXXw5vS05vpe6RSuhzTRy5Wg0q7c1VfJg+A==";

  private static final String TARBALL =
      "https://registry.npmjs.org/@eventide/message-db/-/message-db-" + VERSION + ".tgz";

  /** The scripts of the package's {@code install.sh} that make the store, in its order. */
  private static final List<String> SCRIPTS =
      List.of(
          "schema/message-store.sql",
          "tables/messages.sql",
          "types/message.sql",
          "functions/message-store-version.sql",
          "functions/hash-64.sql",
          "functions/acquire-lock.sql",
          "functions/category.sql",
          "functions/is-category.sql",
          "functions/id.sql",
          "functions/cardinal-id.sql",
          "functions/stream-version.sql",
          "functions/write-message.sql",
          "functions/get-stream-messages.sql",
          "functions/get-category-messages.sql",
          "functions/get-last-stream-message.sql",
          "indexes/messages-id.sql",
          "indexes/messages-stream.sql",
          "indexes/messages-category.sql");

  private static final String WRITE =
      "select message_store.write_message(?, ?, ?, ?::jsonb, ?::jsonb, ?)";

  private static final String VERSIONS =
      "select message_store.stream_version(?), message_store.stream_version(?)";

  private final DevDatabase database;

  MessageDbPeer(DevDatabase database) {
    this.database = database;
  }

  static String stream(String point, int n) {
    return "account" + (n % 64) + "-" + point + "-" + n;
  }

  /**
   * Downloads the package (once per work directory), checks it, and runs its install scripts in the
   * benchmark database. Pgcrypto is not needed: {@code gen_random_uuid()} is built into PostgreSQL
   * since 13; roles, privileges and views are left out (the bench's user owns the schema).
   */
  void install(Path workDirectory) throws IOException, InterruptedException, SQLException {
    Path tarball = workDirectory.resolve("message-db-" + VERSION + ".tgz");
    if (!Files.exists(tarball) || !integrityMatches(Files.readAllBytes(tarball))) {
      HttpResponse<byte[]> response =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(Duration.ofSeconds(30))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(TARBALL))
                      .timeout(Duration.ofMinutes(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + TARBALL + " answered " + response.statusCode());
      }
      if (!integrityMatches(response.body())) {
        throw new IOException("The downloaded " + TARBALL + " does not match " + INTEGRITY);
      }
      Files.createDirectories(workDirectory);
      Files.write(tarball, response.body());
    }
    Map<String, String> files = sqlFiles(Files.readAllBytes(tarball));
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      for (String script : SCRIPTS) {
        String sql = files.get("package/database/" + script);
        if (sql == null) {
          throw new IOException(script + " is missing from " + TARBALL);
        }
        s.execute("set search_path = message_store, public");
        s.execute(sql);
      }
    }
  }

  private static boolean integrityMatches(byte[] content) {
    try {
      String digest =
          "sha512-"
              + Base64.getEncoder()
                  .encodeToString(MessageDigest.getInstance("SHA-512").digest(content));
      return digest.equals(INTEGRITY);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is always available", e);
    }
  }

  /** The {@code .sql} files of a gzipped tar (ustar: 512-byte headers, octal sizes). */
  static Map<String, String> sqlFiles(byte[] tgz) throws IOException {
    byte[] tar;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      tar = out.toByteArray();
    }
    Map<String, String> files = new HashMap<>();
    int offset = 0;
    while (offset + 512 <= tar.length && tar[offset] != 0) {
      String name = field(tar, offset, 100);
      String prefix = field(tar, offset + 345, 155);
      String octal = field(tar, offset + 124, 12).trim();
      long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
      char type = (char) tar[offset + 156];
      String path = prefix.isEmpty() ? name : prefix + "/" + name;
      int start = offset + 512;
      if ((type == '0' || type == 0) && path.endsWith(".sql")) {
        files.put(path, new String(tar, start, (int) size, StandardCharsets.UTF_8));
      }
      offset = start + (int) ((size + 511) / 512 * 512);
    }
    return files;
  }

  private static String field(byte[] tar, int offset, int length) {
    int end = offset;
    while (end < offset + length && tar[end] != 0) {
      end++;
    }
    return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** {@code accounts} streams of the point, each with one opening message (position 0). */
  void seed(String point, int accounts) throws SQLException {
    try (Connection c = database.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into message_store.messages (position, stream_name, type, data, metadata)"
                    + " select 0, 'account' || (n % 64) || '-' || ?::text || '-' || n,"
                    + " 'AccountOpened', jsonb_build_object('accountId', ?::text || '-' || n,"
                    + " 'owner', 'bench', 'initialBalance', "
                    + BenchData.INITIAL_BALANCE
                    + ", 'currency', 'EUR', 'reference', 'OPEN-2024-' || lpad(n::text, 9, '0'),"
                    + " 'channel', 'online', 'description', 'Benchmark account opening payload"
                    + " padded to 200 b'), jsonb_build_object('correlationId',"
                    + " gen_random_uuid()::text, 'custom', jsonb_build_object('source', 'bench'))"
                    + " from generate_series(1, ?) n");
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      insert.setString(1, point);
      insert.setString(2, point);
      insert.setInt(3, accounts);
      insert.executeUpdate();
      s.execute("analyze message_store.messages");
    }
  }

  /** W1: {@code write_message} with the tracked expected version, one transaction each. */
  Measurement w1(String point, int accounts, int clients, Duration warmup, Duration measured)
      throws Exception {
    AtomicLongArray versions = new AtomicLongArray(accounts + 1);
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
              long expected = versions.get(n);
              try {
                write(
                    c,
                    stream(point, n),
                    BenchData.DEPOSITED,
                    BenchData.depositedPayload(client.random().nextLong(1_000_000_000L)),
                    expected);
                c.commit();
                versions.compareAndSet(n, expected, expected + 1);
                client.events(1);
              } catch (SQLException e) {
                c.rollback();
                if (!wrongVersion(e)) {
                  throw e;
                }
                client.conflict();
                versions.set(n, currentVersion(c, stream(point, n)));
              }
            };
          },
          () -> {});
    } finally {
      close(connections);
    }
  }

  /** W2: both versions, two {@code write_message} calls, one transaction; conflicts run again. */
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
              String from = stream(point, pair[0]);
              String to = stream(point, pair[1]);
              String body =
                  "{\"amount\":1,\"from\":\""
                      + BenchData.accountId(point, pair[0])
                      + "\",\"to\":\""
                      + BenchData.accountId(point, pair[1])
                      + "\"}";
              boolean first = true;
              while (true) {
                if (!first) {
                  client.retries(1);
                }
                first = false;
                try {
                  long fromVersion;
                  long toVersion;
                  try (PreparedStatement read = c.prepareStatement(VERSIONS)) {
                    read.setString(1, from);
                    read.setString(2, to);
                    try (ResultSet rs = read.executeQuery()) {
                      rs.next();
                      fromVersion = rs.getLong(1);
                      toVersion = rs.getLong(2);
                    }
                  }
                  write(c, from, "TransferDebited", body, fromVersion);
                  write(c, to, "TransferCredited", body, toVersion);
                  c.commit();
                  client.events(2);
                  return;
                } catch (SQLException e) {
                  c.rollback();
                  if (wrongVersion(e) || "40P01".equals(e.getSQLState())) {
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

  /**
   * Problems with the point's messages: each stream's positions must be 0…n without gap, and the
   * point must hold exactly its seeded messages plus those its clients saw committed.
   */
  List<String> check(String point, int accounts, long committed) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Connection c = database.connect();
        PreparedStatement q =
            c.prepareStatement(
                "select count(*), count(*) filter (where position <> n - 1) from (select"
                    + " position, row_number() over (partition by stream_name order by position)"
                    + " as n from message_store.messages where stream_name like 'account%-' ||"
                    + " ?::text || '-%') m")) {
      q.setString(1, point);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        long stored = rs.getLong(1);
        if (stored != accounts + committed) {
          problems.add(
              "Message DB "
                  + point
                  + ": "
                  + stored
                  + " messages stored, expected "
                  + (accounts + committed));
        }
        if (rs.getLong(2) != 0) {
          problems.add("Message DB " + point + ": " + rs.getLong(2) + " messages out of position");
        }
      }
    }
    return problems;
  }

  private static void write(Connection c, String stream, String type, String data, long expected)
      throws SQLException {
    try (PreparedStatement write = c.prepareStatement(WRITE)) {
      write.setString(1, UUID.randomUUID().toString());
      write.setString(2, stream);
      write.setString(3, type);
      write.setString(4, data);
      write.setString(5, BenchData.metadataJson(BenchData.newCorrelationId()));
      write.setLong(6, expected);
      try (ResultSet rs = write.executeQuery()) {
        rs.next();
      }
    }
  }

  private static long currentVersion(Connection c, String stream) throws SQLException {
    try (PreparedStatement read = c.prepareStatement("select message_store.stream_version(?)")) {
      read.setString(1, stream);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        long version = rs.getLong(1);
        c.commit();
        return version;
      }
    }
  }

  private static boolean wrongVersion(SQLException e) {
    return String.valueOf(e.getMessage()).contains("Wrong expected version");
  }

  private List<Connection> open(int clients) throws SQLException {
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Connection c = database.connect();
      try (Statement s = c.createStatement()) {
        s.execute("set search_path = message_store, public");
      }
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
        // closing after the run
      }
    }
  }
}
