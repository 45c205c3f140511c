package org.eventcore.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eventcore.bench.load.Measurement;
import org.eventcore.dev.DevDatabase;

/**
 * The benchmark run (ADR 0006): a database (embedded PostgreSQL with fsync on, or {@code
 * EVENTCORE_DB_URL}), the provisioned WildFly with the EAR and the bench WAR, the seeded data, then
 * every point of the standard workloads at library level (inside the server), as raw SQL (plain
 * JDBC from this JVM) and over HTTP, each beside its raw-SQL limit; then the data checks and the
 * report (environment, table, one {@code RESULT} line per point, goals, profile).
 */
public final class Benchmark {

  /** What a run produced. */
  public record Report(List<Point> points, List<String> failures, String text) {}

  private final BenchConfig config;
  private final StringBuilder out = new StringBuilder();
  private final List<Point> points = new ArrayList<>();
  private final Verification verification = new Verification();
  private final Map<String, String> profile = new LinkedHashMap<>();
  private final List<String> peerProblems = new ArrayList<>();
  private MessageDbPeer messageDb;
  private String messageDbSkipped = "";
  private DevDatabase database;
  private BenchServer server;
  private PayaraBenchServer payara;
  private RawWorkloads raw;

  Benchmark(BenchConfig config) {
    this.config = config;
  }

  public static void main(String[] args) {
    BenchConfig config = BenchConfig.fromSystemProperties();
    try {
      Report report = run(config);
      System.exit(report.failures().isEmpty() ? 0 : 1);
    } catch (Exception e) {
      System.err.println("BENCHMARK FAILED: " + e);
      e.printStackTrace();
      System.exit(2);
    }
  }

  /** Runs the benchmark; prints as it goes and returns the report. */
  public static Report run(BenchConfig config) throws Exception {
    Benchmark benchmark = new Benchmark(config);
    try {
      return benchmark.execute();
    } finally {
      benchmark.stop();
    }
  }

  private Report execute() throws Exception {
    Instant started = Instant.now();
    say("EventCore benchmark: " + config.describe());
    Files.createDirectories(config.workDirectory());
    database =
        DevDatabase.start(
            new DevDatabase.Settings(
                System.getProperty("eventcore.db", "auto"),
                DevDatabase.Settings.fromEnvironment().url(),
                DevDatabase.Settings.fromEnvironment().user(),
                DevDatabase.Settings.fromEnvironment().password(),
                Optional.empty(),
                config.databasePort()));
    say("Database: " + database.description());
    raw = new RawWorkloads(database);
    server = new BenchServer(config);
    say("Starting WildFly on port " + server.httpPort() + " (log: " + server.serverLog() + ")");
    server.start(database);
    say("Deployed the EAR with the bench WAR (WildFly pid " + server.pid() + ")");
    environment();

    seedShared();
    installMessageDb();

    if (config.runs("W1")) {
      for (int clients : config.clients()) {
        writePoint("W1", "library", clients);
        writePoint("W1", "raw", clients);
        if (messageDb != null) {
          writePoint("W1", "msgdb", clients);
        }
      }
    }
    if (config.runs("W2")) {
      for (int clients : config.clients()) {
        writePoint("W2", "library", clients);
        writePoint("W2", "cold", clients);
        writePoint("W2", "raw", clients);
        if (messageDb != null) {
          writePoint("W2", "msgdb", clients);
        }
      }
    }
    if (config.runs("W4")) {
      for (int clients : config.clients()) {
        writePoint("W4", "http", clients);
      }
    }
    if (config.runs("W3")) {
      readPoints();
    }
    if (config.runs("W2L")) {
      longStreamPoints();
    }
    if (config.runs("SCALE")) {
      scaleSeries();
    }
    if (config.runs("W4P")) {
      payaraPoints();
    }

    say("");
    say(
        "Checking the data (stream heads, lost or extra events, partial transfers, money, feed)...");
    List<String> failures;
    try (Connection connection = database.connect()) {
      failures = verification.check(connection, raw);
    }
    if (failures.isEmpty()) {
      say("VERIFY ok: " + verification.points() + " write points, heads, transfers and feed agree");
    } else {
      failures.forEach(f -> say("VERIFY FAILED: " + f));
    }
    failures = new ArrayList<>(failures);
    failures.addAll(peerProblems);
    tableSizes("at the end");
    for (Point p : points) {
      if (p.combined().errors() > 0) {
        String problem =
            p.workload()
                + " "
                + p.level()
                + " clients="
                + p.clients()
                + ": "
                + p.combined().errors()
                + " failed operation(s), first: "
                + p.combined().firstError();
        if (p.workload().startsWith("W2-long")) {
          // a measured outcome of the long-stream series (e.g. a command too slow for the
          // data source's limits): reported, not a fault of the harness
          say("LONG-STREAM FAILURE " + problem);
        } else {
          failures.add(problem);
        }
      }
    }
    report(failures, Duration.between(started, Instant.now()));
    String text = out.toString();
    if (!config.report().isEmpty()) {
      Path file = Path.of(config.report());
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
      System.out.println("Report written to " + file.toAbsolutePath());
    }
    return new Report(List.copyOf(points), failures, text);
  }

  // ---------------------------------------------------------------- data

  private void seedShared() throws SQLException {
    long t0 = System.nanoTime();
    try (Connection c = database.connect()) {
      if (config.runs("W3")) {
        for (int length : List.of(10, 1000, 10_000)) {
          Seeder.stream(c, "w3-stream-" + length, length);
        }
        say("Seeding the global log: " + config.feedEvents() + " events...");
        Seeder.globalLog(c, config.feedEvents());
      }
      if (config.runs("W2L")) {
        for (int length : config.longStreams()) {
          Seeder.longAccounts(c, "long" + length, length);
        }
      }
      Seeder.analyze(c);
    }
    say(String.format(Locale.ROOT, "Seeded in %.1f s", (System.nanoTime() - t0) / 1e9));
    tableSizes("after seeding");
  }

  /**
   * Message DB's SQL from its npm package, into this database (issue 17, point 3). Without network
   * access the peer points are left out and the report says why; nothing else depends on them.
   */
  private void installMessageDb() {
    if (!config.runs("MDB") || !(config.runs("W1") || config.runs("W2"))) {
      return;
    }
    try {
      MessageDbPeer peer = new MessageDbPeer(database);
      peer.install(config.workDirectory());
      messageDb = peer;
      say("Installed Message DB " + MessageDbPeer.VERSION + " (npm @eventide/message-db)");
    } catch (Exception e) {
      messageDbSkipped = e.toString();
      say("Message DB peer left out: " + e);
    }
  }

  /**
   * Fresh accounts for one point, and the statistics of both tables brought up to date: the store
   * is analysed after every seeding, as autovacuum would eventually do, so that the planner sees
   * the store as it is (ADR 0016; the store's own reads no longer depend on it).
   */
  private String freshAccounts(String workload, String level, int clients, int repeat)
      throws SQLException {
    String point =
        (workload + "-" + level + "-c" + clients + "-r" + repeat).toLowerCase(Locale.ROOT);
    if (level.equals("msgdb")) {
      messageDb.seed(point, config.accounts());
      return point;
    }
    try (Connection c = database.connect()) {
      Seeder.accounts(c, point, config.accounts());
      try (Statement s = c.createStatement()) {
        s.execute("analyze eventcore.streams");
        s.execute("analyze eventcore.events");
      }
    }
    return point;
  }

  /** Rows and on-disk size (table, indexes, TOAST) of the store's tables. */
  private void tableSizes(String when) {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select n.nspname || '.' || t.relname, t.reltuples::bigint,"
                    + " pg_total_relation_size(t.oid), pg_indexes_size(t.oid)"
                    + " from pg_class t join pg_namespace n on n.oid = t.relnamespace"
                    + " where t.relkind = 'r' and n.nspname in ('eventcore', 'message_store')"
                    + " and t.relname in ('events', 'streams', 'messages',"
                    + " 'command_state_snapshots') order by 1")) {
      while (rs.next()) {
        say(
            String.format(
                Locale.ROOT,
                "TABLE %s %s: rows=%d total_mb=%.1f indexes_mb=%.1f",
                when.replace(' ', '_'),
                rs.getString(1),
                Math.max(0, rs.getLong(2)),
                rs.getLong(3) / 1048576.0,
                rs.getLong(4) / 1048576.0));
      }
    } catch (SQLException e) {
      say("TABLE sizes unavailable: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- points

  private void writePoint(String workload, String level, int clients) throws Exception {
    List<Measurement> repeats = new ArrayList<>();
    double maxRss = -1;
    List<Double> cpu = new ArrayList<>();
    Map<String, Double> before = null;
    if ((level.equals("library") || level.equals("cold")) && workload.equals("W2")) {
      before = Metrics.scrape(server);
    }
    for (int repeat = 1; repeat <= config.repeats(); repeat++) {
      String point = freshAccounts(workload, level, clients, repeat);
      long cpuBefore = processCpuNanos();
      long wallBefore = System.nanoTime();
      AtomicReference<Double> rss = new AtomicReference<>(-1.0);
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () ->
              rss.accumulateAndGet(
                  level.equals("payara") ? payara.rssMegabytes() : server.rssMegabytes(),
                  Math::max),
          0,
          200,
          TimeUnit.MILLISECONDS);
      Measurement m;
      try {
        m = measureWrite(workload, level, point, clients);
      } finally {
        sampler.shutdownNow();
      }
      double cores = (processCpuNanos() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
      cpu.add(cores);
      maxRss = Math.max(maxRss, rss.get());
      if (level.equals("msgdb")) {
        peerProblems.addAll(messageDb.check(point, config.accounts(), m.committedEvents()));
      } else {
        verification.expect(point, config.accounts(), m.committedEvents(), !workload.equals("W1"));
      }
      repeats.add(m);
      say(
          String.format(
              Locale.ROOT,
              "  %s %-7s clients=%-2d repeat %d: %.1f ops/s, p99 %.2f ms, %d conflicts, %d errors",
              workload,
              level,
              clients,
              repeat,
              m.opsPerSecond(),
              m.p99Millis(),
              m.conflicts(),
              m.errors()));
    }
    Point p = Point.of(workload, level, repeats, false);
    if (!level.equals("library") && !level.equals("cold")) {
      p.extra().put("bench_cpu", Point.format(average(cpu), 2));
    }
    p.extra().put("server_rss_mb", Point.format(maxRss, 0));
    if (before != null) {
      Map<String, Double> after = Metrics.scrape(server);
      profile.put(
          "W2 " + level + " clients=" + clients,
          Metrics.breakdown(
              before, after, level.equals("cold") ? "ColdTransfer" : "TransferMoney"));
    }
    points.add(p);
  }

  private Measurement measureWrite(String workload, String level, String point, int clients)
      throws Exception {
    Duration warmup = config.warmup();
    Duration measured = config.measured();
    switch (workload + "/" + level) {
      case "W1/library":
        return library("w1", point, config.accounts(), clients);
      case "W2/library":
        return library("w2", point, config.accounts(), clients);
      case "W2/cold":
        return library("w2", point, config.accounts(), clients, "&cold=true");
      case "W1/msgdb":
        return messageDb.w1(point, config.accounts(), clients, warmup, measured);
      case "W2/msgdb":
        return messageDb.w2(point, config.accounts(), clients, warmup, measured);
      case "W1/raw":
        return raw.w1(point, config.accounts(), clients, warmup, measured);
      case "W2/raw":
        return raw.w2(point, config.accounts(), clients, warmup, measured);
      case "W4/http":
        return new HttpTransfers(server.baseUrl(), server.token())
            .run(point, config.accounts(), clients, warmup, measured);
      case "W4/payara":
        return new HttpTransfers(payara.baseUrl(), payara.token())
            .run(point, config.accounts(), clients, warmup, measured);
      default:
        throw new IllegalArgumentException(workload + "/" + level);
    }
  }

  /**
   * W4P: W4 again on Payara Server with the Payara EAR (ADR 0011), after WildFly has been stopped
   * so that the two servers do not share the cores; the same database, accounts per point and
   * clients. The points are W4 at level {@code payara}, beside W4 {@code http} (WildFly) in the
   * report, each with the RSS of its own server process.
   */
  private void payaraPoints() throws Exception {
    server.close();
    say("");
    payara = new PayaraBenchServer(config);
    say(
        "Stopped WildFly; starting Payara Server on port "
            + (8080 + payara.portOffset())
            + " (log: "
            + payara.serverLog()
            + ")");
    payara.start(database);
    say("Deployed eventcore-payara.ear (Payara pid " + payara.pid() + ")");
    for (int clients : config.clients()) {
      writePoint("W4", "payara", clients);
    }
    payara.close();
  }

  private Measurement library(String endpoint, String point, int accounts, int clients)
      throws IOException, InterruptedException {
    return library(endpoint, point, accounts, clients, "");
  }

  private Measurement library(
      String endpoint, String point, int accounts, int clients, String extraQuery)
      throws IOException, InterruptedException {
    String query =
        endpoint
            + "?point="
            + point
            + "&accounts="
            + accounts
            + "&clients="
            + clients
            + "&warmupMs="
            + config.warmup().toMillis()
            + "&measureMs="
            + config.measured().toMillis()
            + extraQuery;
    return Measurement.fromJson(server.post(query, callTimeout()));
  }

  private Duration callTimeout() {
    return config.warmup().plus(config.measured()).plusMinutes(5);
  }

  private void readPoints() throws Exception {
    for (int length : List.of(10, 1000, 10_000)) {
      String stream = "w3-stream-" + length;
      readPoint(
          "W3-stream" + length,
          () -> libraryRead("w3/stream?stream=" + stream),
          () -> raw.readStream(stream, config.warmup(), config.measured()));
    }
    readPoint(
        "W3-feed",
        () -> libraryRead("w3/feed?pageSize=1000"),
        () -> raw.readFeed(1000, config.warmup(), config.measured()));
    readPoint(
        "W3-replay",
        () -> libraryRead("w3/replay?batchSize=1000"),
        () -> raw.replay(1000, config.warmup(), config.measured()));
  }

  @FunctionalInterface
  private interface Run {
    Measurement run() throws Exception;
  }

  /** The WildFly process's resident memory, sampled every 200 ms while a point runs. */
  private final class RssSampler implements AutoCloseable {
    private final AtomicReference<Double> max = new AtomicReference<>(-1.0);
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    RssSampler() {
      sampler.scheduleAtFixedRate(
          () -> max.accumulateAndGet(server.rssMegabytes(), Math::max),
          0,
          200,
          TimeUnit.MILLISECONDS);
    }

    double max() {
      return max.get();
    }

    @Override
    public void close() {
      sampler.shutdownNow();
    }
  }

  private void readPoint(String workload, Run library, Run rawRun) throws Exception {
    List<Measurement> lib = new ArrayList<>();
    List<Measurement> rawRepeats = new ArrayList<>();
    double maxRss = -1;
    for (int repeat = 1; repeat <= config.repeats(); repeat++) {
      try (RssSampler rss = new RssSampler()) {
        lib.add(library.run());
        maxRss = Math.max(maxRss, rss.max());
      }
      rawRepeats.add(rawRun.run());
      say(
          String.format(
              Locale.ROOT,
              "  %s repeat %d: library %.0f events/s, raw %.0f events/s",
              workload,
              repeat,
              lib.get(lib.size() - 1).eventsPerSecond(),
              rawRepeats.get(rawRepeats.size() - 1).eventsPerSecond()));
    }
    Point libraryPoint = Point.of(workload, "library", lib, true);
    libraryPoint.extra().put("server_rss_mb", Point.format(maxRss, 0));
    points.add(libraryPoint);
    points.add(Point.of(workload, "raw", rawRepeats, true));
  }

  private Measurement libraryRead(String pathAndQuery) throws IOException, InterruptedException {
    return Measurement.fromJson(
        server.post(
            pathAndQuery
                + "&warmupMs="
                + config.warmup().toMillis()
                + "&measureMs="
                + config.measured().toMillis(),
            callTimeout()));
  }

  /**
   * Point 4 of issue 7, as its own series: W2 at library level, one client, transfers between two
   * accounts whose streams hold 10, 10,000 and 100,000 events. Without a state cache or snapshots
   * every transfer reads and folds both whole streams.
   */
  private void longStreamPoints() throws Exception {
    for (int length : config.longStreams()) {
      String point = "long" + length;
      List<Measurement> repeats = new ArrayList<>();
      double maxRss = -1;
      for (int repeat = 1; repeat <= config.repeats(); repeat++) {
        Measurement m;
        try (RssSampler rss = new RssSampler()) {
          m = library("w2", point, 2, 1);
          maxRss = Math.max(maxRss, rss.max());
        }
        repeats.add(m);
        say(
            String.format(
                Locale.ROOT,
                "  W2 streams of %d events, repeat %d: %.1f ops/s, p50 %.2f ms, p99 %.2f ms",
                length,
                repeat,
                m.opsPerSecond(),
                m.p50Millis(),
                m.p99Millis()));
      }
      Point p = Point.of("W2-long" + length, "library", repeats, false);
      p.extra().put("server_rss_mb", Point.format(maxRss, 0));
      points.add(p);
      long committed = repeats.stream().mapToLong(Measurement::committedEvents).sum();
      verification.expect(point, 2L * length, committed, true);
    }
  }

  // ---------------------------------------------------------------- scale series

  private static final int SCALE_EVENTS_PER_STREAM = 10;

  /** The store sizes measured so far, for the growth report. */
  private final List<Integer> scaleSizes = new ArrayList<>();

  private long scaleSeeded;
  private long scaleCommitted;

  /**
   * Issue 17, point 2: one store grown to each size of {@code bench.scaleEvents} (ten events per
   * stream: 10,000,000 events over 1,000,000 streams at the default largest size), with W1, W2
   * (state cache on, and cold), a stream read and feed pages measured at every size. The streams
   * {@code account-scale-<n>} are seeded set-based, 500,000 events per transaction with progress,
   * fsync on and logged tables (never {@code unlogged}), then analysed.
   */
  private void scaleSeries() throws Exception {
    int streams = 0;
    for (int size : config.scaleEvents()) {
      int target = Math.max(1, size / SCALE_EVENTS_PER_STREAM);
      long t0 = System.nanoTime();
      int chunk = 50_000;
      try (Connection c = database.connect()) {
        c.setAutoCommit(false);
        for (int first = streams + 1; first <= target; first += chunk) {
          int last = Math.min(target, first + chunk - 1);
          Seeder.scaleAccounts(c, first, last, SCALE_EVENTS_PER_STREAM);
          c.commit();
          double seconds = (System.nanoTime() - t0) / 1e9;
          long done = (long) (last - streams) * SCALE_EVENTS_PER_STREAM;
          long todo = (long) (target - streams) * SCALE_EVENTS_PER_STREAM;
          say(
              String.format(
                  Locale.ROOT,
                  "  seeding the scale store: %,d of %,d events (%.0f events/s, ETA %.0f s)",
                  done,
                  todo,
                  done / seconds,
                  (todo - done) / (done / seconds)));
        }
        c.setAutoCommit(true);
        Seeder.analyze(c);
      }
      scaleSeeded += (long) (target - streams) * SCALE_EVENTS_PER_STREAM;
      streams = target;
      say(
          String.format(
              Locale.ROOT,
              "Scale store at %s events (%,d streams), seeded in %.1f s",
              label(size),
              streams,
              (System.nanoTime() - t0) / 1e9));
      tableSizes("scale " + label(size));
      scaleSizes.add(size);
      scalePoints(size, streams);
    }
    verification.expect("scale", scaleSeeded, scaleCommitted, true);
  }

  private void scalePoints(int size, int streams) throws Exception {
    String at = "@" + label(size);
    for (int clients : List.of(1, 16)) {
      if (!config.clients().contains(clients)) {
        continue;
      }
      // W1 on 10,000 fresh one-event streams of this size (W1's events are not banking events)
      String w1 = "scale" + label(size).toLowerCase(Locale.ROOT) + "w1-c" + clients;
      try (Connection c = database.connect()) {
        Seeder.accounts(c, w1, config.accounts());
      }
      scalePoint(
          "W1" + at, "library", clients, () -> library("w1", w1, config.accounts(), clients), w1);
      scalePoint(
          "W2" + at, "library", clients, () -> library("w2", "scale", streams, clients), null);
      scalePoint(
          "W2" + at,
          "cold",
          clients,
          () -> library("w2", "scale", streams, clients, "&cold=true"),
          null);
    }
    scalePoint(
        "W3-stream" + at,
        "library",
        1,
        () -> libraryRead("w3/stream?stream=account-scale-" + Math.max(1, streams / 2)),
        null);
    scalePoint("W3-feed" + at, "library", 1, () -> libraryRead("w3/feed?pageSize=1000"), null);
  }

  private void scalePoint(String workload, String level, int clients, Run run, String w1Point)
      throws Exception {
    List<Measurement> repeats = new ArrayList<>();
    double maxRss = -1;
    Map<String, Double> before = workload.startsWith("W2") ? Metrics.scrape(server) : null;
    for (int repeat = 1; repeat <= config.repeats(); repeat++) {
      Measurement m;
      try (RssSampler rss = new RssSampler()) {
        m = run.run();
        maxRss = Math.max(maxRss, rss.max());
      }
      repeats.add(m);
      if (w1Point != null) {
        // the seeded accounts are counted once; every repeat's committed events add up
        verification.expect(
            w1Point, repeat == 1 ? config.accounts() : 0, m.committedEvents(), false);
      } else if (workload.startsWith("W2")) {
        scaleCommitted += m.committedEvents();
      }
      say(
          String.format(
              Locale.ROOT,
              "  %s %-7s clients=%-2d repeat %d: %.1f ops/s, %.0f events/s, p50 %.2f ms, p99 %.2f ms",
              workload,
              level,
              clients,
              repeat,
              m.opsPerSecond(),
              m.eventsPerSecond(),
              m.p50Millis(),
              m.p99Millis()));
    }
    Point p = Point.of(workload, level, repeats, workload.startsWith("W3"));
    p.extra().put("server_rss_mb", Point.format(maxRss, 0));
    if (before != null) {
      profile.put(
          workload + " " + level + " clients=" + clients,
          Metrics.breakdown(
              before,
              Metrics.scrape(server),
              level.equals("cold") ? "ColdTransfer" : "TransferMoney"));
    }
    points.add(p);
  }

  private static String label(int events) {
    if (events >= 1_000_000 && events % 1_000_000 == 0) {
      return (events / 1_000_000) + "M";
    }
    if (events >= 1_000 && events % 1_000 == 0) {
      return (events / 1_000) + "k";
    }
    return Integer.toString(events);
  }

  /**
   * The growth of each scale-series point from the smallest store to the largest: latency (p50) for
   * the writes and the stream read, events/s for the feed pages; goal: at most 1.5x (feed: at least
   * 1/1.5 of the smallest store's rate).
   */
  private void scaleGrowth() {
    if (scaleSizes.size() < 2) {
      return;
    }
    String first = "@" + label(scaleSizes.get(0));
    String last = "@" + label(scaleSizes.get(scaleSizes.size() - 1));
    for (String series : List.of("W1", "W2", "W3-stream", "W3-feed")) {
      for (String level : List.of("library", "cold")) {
        for (int clients : List.of(1, 16)) {
          Optional<Point> small = find(series + first, level, clients);
          Optional<Point> large = find(series + last, level, clients);
          if (small.isEmpty() || large.isEmpty()) {
            continue;
          }
          String what = series + " " + level + " clients=" + clients;
          if (series.equals("W3-feed")) {
            double ratio = small.get().rate() / large.get().rate();
            goal(
                "scale: " + what + " feed pages flat from " + first + " to " + last,
                ratio <= 1.5,
                String.format(
                    Locale.ROOT,
                    "%.0f -> %.0f events/s (x%.2f slower)",
                    small.get().rate(),
                    large.get().rate(),
                    ratio));
          } else {
            double ratio = large.get().combined().p50Millis() / small.get().combined().p50Millis();
            goal(
                "scale: " + what + " latency at " + last + " <= 1.5x at " + first,
                ratio <= 1.5,
                String.format(
                    Locale.ROOT,
                    "p50 %.2f -> %.2f ms (x%.2f)",
                    small.get().combined().p50Millis(),
                    large.get().combined().p50Millis(),
                    ratio));
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- report

  private void environment() throws SQLException {
    say("");
    say("Environment");
    Map<String, String> env = new LinkedHashMap<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      for (String setting :
          List.of(
              "server_version",
              "fsync",
              "synchronous_commit",
              "wal_sync_method",
              "full_page_writes",
              "shared_buffers",
              "max_connections")) {
        try (ResultSet rs = s.executeQuery("show " + setting)) {
          rs.next();
          env.put("postgresql." + setting, rs.getString(1));
        }
      }
    }
    env.put("database", database.description());
    env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    env.put("cpu_model", cpuModel());
    env.put("memory", memory());
    env.put("load_average", loadAverage());
    env.put(
        "jvm",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    env.put(
        "server",
        "WildFly "
            + config.wildflyHome().toAbsolutePath().normalize()
            + " (JTA: Narayana; JPA: Hibernate; data source EventCoreDS, pool max "
            + System.getenv().getOrDefault("EVENTCORE_DB_POOL_MAX", "32")
            + "), JVM options: "
            + server.jvmOptions());
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    env.forEach((k, v) -> say(String.format(Locale.ROOT, "  %-32s %s", k, v)));
    env.forEach((k, v) -> say("ENV " + k + "=" + v.replace(' ', '_')));
  }

  private void report(List<String> failures, Duration took) {
    say("");
    say(
        "Results ("
            + config.describe()
            + "; took "
            + took.toSeconds()
            + " s; load average at the end "
            + loadAverage()
            + ")");
    say(
        String.format(
            Locale.ROOT,
            "%-14s %-8s %7s %11s %12s %9s %9s %9s %8s %7s",
            "workload",
            "level",
            "clients",
            "ops/s",
            "events/s",
            "p50 ms",
            "p99 ms",
            "conflicts",
            "retries",
            "raw"));
    for (Point p : points) {
      Double ratio = rawRatio(p);
      say(
          String.format(
              Locale.ROOT,
              "%-14s %-8s %7d %11.1f %12s %9.3f %9.3f %9d %8d %7s",
              p.workload(),
              p.level(),
              p.clients(),
              p.combined().opsPerSecond(),
              p.reads() ? Point.format(p.combined().eventsPerSecond(), 0) : "",
              p.combined().p50Millis(),
              p.combined().p99Millis(),
              p.combined().conflicts(),
              p.combined().retries(),
              ratio == null ? "" : Point.format(ratio, 2)));
    }
    say("");
    for (Point p : points) {
      say(p.resultLine(rawRatio(p)));
    }
    say("");
    sideBySide();
    goals();
    if (!profile.isEmpty()) {
      say("");
      say("Where W2 library and cold time goes (server metrics, mean per command):");
      profile.forEach((k, v) -> say("PROFILE " + k + ": " + v));
    }
    say("");
    failures.forEach(f -> say("PROBLEM " + f));
    say(failures.isEmpty() ? "VERIFY passed" : "VERIFY failed: " + failures.size() + " problem(s)");
  }

  /** W4 on WildFly and on Payara at the same clients, one line each (only when both ran). */
  private void sideBySide() {
    for (Point onPayara : points) {
      if (!onPayara.workload().equals("W4") || !onPayara.level().equals("payara")) {
        continue;
      }
      find("W4", "http", onPayara.clients())
          .ifPresent(
              onWildFly ->
                  say(
                      String.format(
                          Locale.ROOT,
                          "SERVERS W4 clients=%d: WildFly %.1f ops/s, p99 %.2f ms, RSS %s MB"
                              + " | Payara %.1f ops/s, p99 %.2f ms, RSS %s MB",
                          onPayara.clients(),
                          onWildFly.combined().opsPerSecond(),
                          onWildFly.combined().p99Millis(),
                          onWildFly.extra().get("server_rss_mb"),
                          onPayara.combined().opsPerSecond(),
                          onPayara.combined().p99Millis(),
                          onPayara.extra().get("server_rss_mb"))));
    }
  }

  /** The framework figure over the raw-SQL limit of the same workload and clients. */
  private Double rawRatio(Point p) {
    if (p.level().equals("raw")) {
      return 1.0;
    }
    String rawWorkload = p.workload();
    if (p.workload().equals("W4") || p.workload().startsWith("W2-long")) {
      rawWorkload = "W2";
    }
    Optional<Point> limit = find(rawWorkload, "raw", p.clients());
    return limit.map(l -> p.rate() / l.rate()).orElse(null);
  }

  private Optional<Point> find(String workload, String level, int clients) {
    return points.stream()
        .filter(p -> p.workload().equals(workload))
        .filter(p -> p.level().equals(level))
        .filter(p -> p.clients() == clients)
        .findFirst();
  }

  private void goals() {
    say("Goals (issues 7 and 17; measured, not tuned for; peers from this run):");
    find("W2", "library", 16)
        .ifPresent(
            p ->
                goal(
                    "W2 library >= 60% of raw-SQL W2 at 16 clients",
                    rawRatio(p) != null && rawRatio(p) >= 0.60,
                    "ratio " + Point.format(nullable(rawRatio(p)), 2)));
    find("W4", "http", 16)
        .ifPresent(
            p ->
                goal(
                    "W4 HTTP >= 40% of raw-SQL W2 at 16 clients, p99 < 25 ms",
                    rawRatio(p) != null && rawRatio(p) >= 0.40 && p.combined().p99Millis() < 25,
                    "ratio "
                        + Point.format(nullable(rawRatio(p)), 2)
                        + ", p99 "
                        + Point.format(p.combined().p99Millis(), 2)
                        + " ms"));
    for (int clients : List.of(1, 16)) {
      Optional<Point> peer = find("W1", "msgdb", clients);
      find("W1", "library", clients)
          .ifPresent(
              p ->
                  goal(
                      "W1 library >= Message DB write_message at "
                          + clients
                          + " client(s), same run",
                      peer.isPresent() && p.rate() >= peer.get().rate(),
                      Point.format(p.rate(), 0)
                          + " vs "
                          + peer.map(m -> Point.format(m.rate(), 0) + " ops/s")
                              .orElse("not measured (" + messageDbSkipped + ")")));
    }
    find("W2", "library", 16)
        .ifPresent(
            p -> {
              Optional<Point> peer = find("W2", "msgdb", 16);
              goal(
                  "EventCore W2 >= 2x Message DB W2 (two write_message, one transaction) at 16"
                      + " clients, same run",
                  peer.isPresent() && p.rate() >= 2 * peer.get().rate(),
                  Point.format(p.rate(), 0)
                      + " vs "
                      + peer.map(m -> Point.format(m.rate(), 0) + " ops/s")
                          .orElse("not measured (" + messageDbSkipped + ")"));
            });
    for (Point cold : points) {
      if (cold.workload().equals("W2") && cold.level().equals("cold")) {
        goal(
            "cold W2 (no state cache, no snapshot) >= 50% of raw-SQL W2 at "
                + cold.clients()
                + " client(s)",
            rawRatio(cold) != null && rawRatio(cold) >= 0.50,
            "ratio " + Point.format(nullable(rawRatio(cold)), 2));
      }
    }
    scaleGrowth();
    find("W3-replay", "library", 1)
        .ifPresent(
            p ->
                goal(
                    "projection replay >= 50,000 events/s per thread",
                    p.rate() >= 50_000,
                    Point.format(p.rate(), 0) + " events/s"));
    points.stream()
        .filter(p -> p.level().equals("http") && p.clients() == 16)
        .map(p -> p.extra().get("server_rss_mb"))
        .filter(v -> v != null && !v.equals("n/a"))
        .mapToDouble(Double::parseDouble)
        .max()
        .ifPresent(
            rss ->
                goal(
                    "server RSS under W4 at 16 clients <= 512 MB",
                    rss <= 512,
                    Point.format(rss, 0) + " MB (max VmRSS of the WildFly process)"));
    Optional<Point> shortest =
        config.longStreams().isEmpty()
            ? Optional.empty()
            : find("W2-long" + config.longStreams().get(0), "library", 1);
    shortest.ifPresent(
        base -> {
          for (int length : config.longStreams().subList(1, config.longStreams().size())) {
            find("W2-long" + length, "library", 1)
                .ifPresent(
                    p -> {
                      if (p.combined().ops() == 0) {
                        goal(
                            "W2 latency on streams of " + length + " events",
                            false,
                            "no transfer completed; first failure: " + p.combined().firstError());
                        return;
                      }
                      double ratio = p.combined().p50Millis() / base.combined().p50Millis();
                      p.extra().put("vs_shortest_p50", Point.format(ratio, 2));
                      goal(
                          "W2 latency on streams of "
                              + length
                              + " events <= 1.2x the "
                              + config.longStreams().get(0)
                              + "-event figure (state cache and snapshots, ADR 0005)",
                          ratio <= 1.2,
                          Point.format(ratio, 2) + "x (p50)");
                    });
          }
        });
  }

  private static double nullable(Double value) {
    return value == null ? Double.NaN : value;
  }

  private void goal(String what, boolean met, String measured) {
    say("GOAL " + (met ? "met   " : "MISSED") + " " + what + ": " + measured);
  }

  // ---------------------------------------------------------------- helpers

  private void say(String line) {
    System.out.println(line);
    out.append(line).append('\n');
  }

  private void stop() {
    if (server != null) {
      server.close();
    }
    if (payara != null) {
      payara.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  private static double average(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
